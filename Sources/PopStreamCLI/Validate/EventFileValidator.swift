import PopStreamCore

/// Checks an events file line by line as the workers would (same decoder, no upsert state):
/// the logic behind `popstream validate`.
public struct EventFileValidator: Sendable {
    /// A rejected line: its 1-based number and why.
    public struct LineRejection: Hashable, Sendable, CustomStringConvertible {
        /// 1-based line number in the file.
        public var lineNumber: Int
        /// The reason code and detail, as the worker would dead-letter it.
        public var rejection: EventRejection

        /// `<line number>: <reason code>: <detail>`, the command's output line.
        public var description: String { "\(lineNumber): \(rejection.reason.rawValue): \(rejection.detail)" }
    }

    /// Counts of one run.
    public struct Summary: Hashable, Sendable, CustomStringConvertible {
        /// Non-blank lines checked.
        public var checked = 0
        /// Lines that would be applied.
        public var valid = 0
        /// Lines that would go to the dead-letter topic.
        public var rejected = 0
        /// Blank lines, skipped and not counted in `checked`.
        public var blank = 0

        /// `checked N lines: V valid, R rejected` (and the blank lines skipped, if any).
        public var description: String {
            let base = "checked \(checked) lines: \(valid) valid, \(rejected) rejected"
            return blank == 0 ? base : base + " (\(blank) blank \(blank == 1 ? "line" : "lines") skipped)"
        }
    }

    /// The kind of the topic the file's events are meant for.
    public let kind: EventKind
    /// The workers' decoder, with the registry in use.
    public let decoder: EventDecoder

    /// A validator for events of `kind`, with area codes checked against `registry`.
    public init(kind: EventKind, registry: AreaRegistry = BundledAreas.defaultRegistry) {
        self.kind = kind
        self.decoder = EventDecoder(registry: registry)
    }

    /// A validator for events of `kind`, each placed on the map of `maps` in force on its anchor date.
    public init(kind: EventKind, maps: AreaMapSet) {
        self.kind = kind
        self.decoder = EventDecoder(maps: maps)
    }

    /// Checks one non-blank line; `nil` when the event would be applied.
    public func check(line: ArraySlice<UInt8>) -> EventRejection? {
        let parsed = EventLine(line)
        let result: Result<HealthEvent, EventRejection> = parsed.json.withUnsafeBytes { json in
            guard let key = parsed.key else {
                return Result { () throws(EventRejection) in try decoder.decode(json, kind: kind, key: nil) }
            }
            return key.withUnsafeBytes { key in
                Result { () throws(EventRejection) in try decoder.decode(json, kind: kind, key: key) }
            }
        }
        guard case .failure(let rejection) = result else { return nil }
        return rejection
    }

    /// Checks every line of `contents`, reporting each rejected line in order, and returns the counts.
    public func validate(_ contents: [UInt8], report: (LineRejection) -> Void) -> Summary {
        var summary = Summary()
        for line in EventLine.lines(of: contents) {
            if EventLine.isBlank(line.text) {
                summary.blank += 1
                continue
            }
            summary.checked += 1
            if let rejection = check(line: line.text) {
                summary.rejected += 1
                report(LineRejection(lineNumber: line.number, rejection: rejection))
            } else {
                summary.valid += 1
            }
        }
        return summary
    }
}
