import Foundation
import PopStreamCore
import Reporting
import Testing

/// `popstream report` run as an operator runs it: the built binary, its output and exit codes.
@Suite("popstream report (the binary)")
struct ReportCommandTests {
    static func report(_ arguments: [String]) async throws -> Subprocess.Output {
        try await Subprocess.run(try Subprocess.popstreamURL(), ["report"] + arguments, timeout: 60)
    }

    @Test("--format json prints the rows the reporting layer reads, as one JSON array", .timeLimit(.minutes(2)),
          arguments: ReportStoreKind.tested)
    func jsonEqualsTheRows(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            for filters in [[], ["--area", "01", "--level", "commune", "--period", "2025"], ["--indicator", "child_marriage_count"]] {
                let output = try await Self.report(fixture.sourceArguments + filters + ["--format", "json"])
                #expect(output.status == 0, "\(output.stderr)")
                let query = try ReportQuery.resolve(area: filters.value(of: "--area"), level: filters.value(of: "--level"),
                                                    period: filters.value(of: "--period"), indicator: filters.value(of: "--indicator"),
                                                    registry: fixture.deployment.registry)
                #expect(output.stdout == ReportJSON.text(try await fixture.report.rows(query)) + "\n", "\(filters)")
            }
        }
    }

    @Test("the default format is a Vietnamese table; --lang en switches labels and names", .timeLimit(.minutes(2)))
    func tableByDefault() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let filters = ["--period", "2025", "--indicator", "newborn_screening_coverage"]
            let vietnamese = try await Self.report(fixture.sourceArguments + filters)
            #expect(vietnamese.status == 0)
            #expect(vietnamese.stdout.hasPrefix("Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất (%)\n"))
            #expect(vietnamese.stdout.contains("Trạng thái") && vietnamese.stdout.contains("80,00"))
            let english = try await Self.report(fixture.sourceArguments + filters + ["--lang", "en"])
            #expect(english.stdout.hasPrefix("Newborns screened for at least the 5 most common congenital conditions (%)\n"))
            #expect(english.stdout.contains("Status") && english.stdout.contains("80.00"))
            let csv = try await Self.report(fixture.sourceArguments + filters + ["--format", "csv"])
            #expect(csv.stdout.hasPrefix("indicator,indicatorName,area,"))
            let markdown = try await Self.report(fixture.sourceArguments + filters + ["--format", "markdown"])
            #expect(markdown.stdout.hasPrefix("# Báo cáo chỉ số dân số: Việt Nam (VN)\n"))
        }
    }

    @Test("a bad option exits 2 with one line naming it", .timeLimit(.minutes(2)))
    func badOptionsExit2() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let cases: [([String], String)] = [
                (["--area", "99"], "--area 99: unknown area"),
                (["--period", "2025-13"], "--period 2025-13: not a period"),
                (["--indicator", "births"], "--indicator births: unknown indicator"),
                (["--level", "ward"], "--level ward: unknown level"),
                (["--area", "011", "--level", "province"], "--level province: no area at this level within area 011"),
                (["--format", "pdf"], "--format pdf: use table, csv, json, markdown"),
                (["--lang", "fr"], "--lang fr: use vi or en"),
            ]
            for (arguments, message) in cases {
                let output = try await Self.report(fixture.sourceArguments + arguments)
                #expect(output.status == 2, "\(arguments)")
                #expect(output.stdout.isEmpty, "\(arguments)")
                #expect(output.stderr.hasPrefix("popstream: " + message), "\(arguments): \(output.stderr)")
                #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
            }
            let badStore = try await Self.report(["--store", "mysql://x", "--areas", fixture.areasPath])
            #expect(badStore.status == 2 && badStore.stderr.hasPrefix("popstream: --store: "))
            let badTargets = try await Self.report(["--store", fixture.storeURL, "--areas", fixture.areasPath, "--targets", "/nonexistent.json"])
            #expect(badTargets.status == 2 && badTargets.stderr.contains("--targets"))
        }
    }

    @Test("a store that cannot be opened exits 1 with one line, and no store file is created", .timeLimit(.minutes(3)))
    func missingStoreExits1() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-missing-\(UUID().uuidString)/store.sqlite").path
        let output = try await Self.report(["--store", "sqlite://" + path])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("popstream: store unavailable: no SQLite file at \(path)"))
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        let unreachable = try await Self.report(["--store", "postgres://nobody@127.0.0.1:1/none"])
        #expect(unreachable.status == 1, "\(unreachable.stderr)")
        #expect(unreachable.stderr.hasPrefix("popstream: store unavailable"), "\(unreachable.stderr)")
    }

    @Test("the help states the defaults of the filters", .timeLimit(.minutes(3)))
    func helpStatesDefaults() async throws {
        let output = try await Self.report(["--help"])
        #expect(output.status == 0)
        let help = output.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("Without --level: the area itself and its direct children"))
        #expect(help.contains("Without --period: the yearly rows of every year with figures"))
        #expect(help.contains("sqlite://./data/popstream.sqlite"))
    }
}

extension [String] {
    /// The value after `option` in an argument list, or `nil`.
    func value(of option: String) -> String? {
        guard let index = firstIndex(of: option), index + 1 < count else { return nil }
        return self[index + 1]
    }
}
