import ArgumentParser
import PopStreamCore

/// `popstream validate --kind KIND --file F.jsonl [--areas FILE|NAME]`: checks events offline, each line as the
/// workers would (without upsert state). Prints `<line>: <reason code>: <detail>` per rejected line and a
/// summary; exits 1 when a line was rejected, 0 otherwise, 2 on a bad option or an unreadable file.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check events offline with the workers' rules and dead-letter reason codes.",
        discussion: """
            Each line is <json> or <key><TAB><json>; with a key, it must equal subjectId (as the Kafka key). \
            Blank lines are skipped. Exit status: 0 all valid, 1 some line rejected, 2 bad options or input.
            """
    )

    @Option(help: "Event kind: prenatal-screening, newborn-screening, premarital-checkup or elderly-record.")
    var kind: String

    @Option(help: "Events file, one event per line; '-' reads standard input.")
    var file: String

    @Option(help: "Area maps: bundled (default: both bundled maps, each event on the map of its date), one bundled map (two-level-2025-07, three-level-2025-03), a registry CSV file or a map manifest JSON.")
    var areas: String?

    func run() async throws {
        let kind = try EventKindOption.parse(kind)
        let maps = try AreaMapsOption.load(areas)
        let contents = try InputFile.read(file, what: "--file")
        let validator = EventFileValidator(kind: kind, maps: maps)
        var output = BufferedStandardOutput()
        let summary = validator.validate(contents) { output.writeLine($0.description) }
        output.writeLine(summary.description)
        output.flush()
        if summary.rejected > 0 { throw ExitCode(1) }
    }
}
