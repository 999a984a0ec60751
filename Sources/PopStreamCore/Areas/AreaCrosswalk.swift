/// Which unit of the old (three-level) map went into which commune of the new (two-level) map on 1 July 2025.
///
/// This is what lets figures of the two maps be compared: an old commune's events can be looked up under the
/// new commune(s) that took it over (``MapCarryOver``). A `partial` row means only part of the old unit went
/// there (the old unit was split), so figures cannot be moved exactly.
public struct AreaCrosswalk: Sendable {
    /// How much of the old unit went into the new commune.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        /// The whole old unit.
        case full
        /// Part of the old unit (it was divided between several new communes).
        case partial
    }

    /// One row `oldCode,newCode,part`.
    public struct Entry: Sendable, Hashable {
        /// Code of the unit in the three-level map (a commune, or a district without communes).
        public var oldCode: String
        /// Code of the commune in the two-level map.
        public var newCode: String
        /// Whether all of the old unit went there.
        public var part: Part

        /// One crosswalk row.
        public init(oldCode: String, newCode: String, part: Part) {
            self.oldCode = oldCode
            self.newCode = newCode
            self.part = part
        }
    }

    /// Every row, in file order.
    public let entries: [Entry]
    private let byOld: [String: [Int]]
    private let byNew: [String: [Int]]

    /// Builds the crosswalk from rows.
    public init(entries: [Entry]) {
        var byOld: [String: [Int]] = [:]
        var byNew: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            byOld[entry.oldCode, default: []].append(index)
            byNew[entry.newCode, default: []].append(index)
        }
        self.entries = entries
        self.byOld = byOld
        self.byNew = byNew
    }

    /// Loads `oldCode,newCode,part` CSV text (header required); errors name the line.
    public init(csv: String) throws(AreaRegistryError) {
        var reader = CSVRecordReader(csv)
        var entries: [Entry] = []
        var sawHeader = false
        while true {
            let next: CSVRecordReader.Record?
            do { next = try reader.next() } catch { throw AreaRegistryError(line: error.line, message: error.message) }
            guard let record = next else { break }
            if record.isBlank { continue }
            if !sawHeader {
                guard record.fields == ["oldCode", "newCode", "part"] else {
                    throw AreaRegistryError(line: record.line, message: "expected the header oldCode,newCode,part")
                }
                sawHeader = true
                continue
            }
            let fields = record.fields
            guard fields.count == 3 else {
                throw AreaRegistryError(line: record.line, message: "expected 3 columns, got \(fields.count)")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty else {
                throw AreaRegistryError(line: record.line, message: "empty code")
            }
            guard let part = Part(rawValue: fields[2]) else {
                throw AreaRegistryError(line: record.line, message: "part must be full or partial")
            }
            entries.append(Entry(oldCode: fields[0], newCode: fields[1], part: part))
        }
        self.init(entries: entries)
    }

    /// The rows of an old unit: the new communes it went into.
    public func entries(forOldCode code: String) -> [Entry] { byOld[code].map { $0.map { entries[$0] } } ?? [] }

    /// The rows of a new commune: the old units (or parts of them) it was made of.
    public func entries(forNewCode code: String) -> [Entry] { byNew[code].map { $0.map { entries[$0] } } ?? [] }
}
