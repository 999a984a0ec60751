extension AreaRegistry {
    /// The header every registry file starts with.
    public static let csvHeader = ["code", "name", "level", "parentCode"]

    /// Loads a registry from CSV text `code,name,level,parentCode` (contract section 4).
    ///
    /// The header line is required. Fields follow RFC 4180 (quote a name that holds a comma: `"Huyện A, B"`);
    /// a byte-order mark, CRLF line ends and blank lines are tolerated. An empty `parentCode` makes a root.
    /// Errors carry the 1-based line number of the offending row: wrong column count, empty code, name or
    /// level, duplicate code, unknown parent, cycle, a quoting mistake, or no areas at all.
    public init(csv: String) throws(AreaRegistryError) {
        var reader = CSVRecordReader(csv)
        var areas: [Area] = []
        var lines: [Int] = []
        var sawHeader = false
        var headerLine = 1
        while let record = try Self.nextRecord(&reader) {
            if record.isBlank { continue }
            let fields = record.fields
            if !sawHeader {
                guard fields == AreaRegistry.csvHeader else {
                    throw AreaRegistryError(line: record.line, message: "expected the header code,name,level,parentCode")
                }
                sawHeader = true
                headerLine = record.line
                continue
            }
            guard fields.count == 4 else {
                throw AreaRegistryError(line: record.line, message: "expected 4 columns, got \(fields.count)")
            }
            areas.append(Area(code: fields[0], name: fields[1], level: fields[2],
                              parentCode: fields[3].isEmpty ? nil : fields[3]))
            lines.append(record.line)
        }
        guard sawHeader else {
            throw AreaRegistryError(line: 1, message: "empty file: the header code,name,level,parentCode is required")
        }
        guard !areas.isEmpty else { throw AreaRegistryError(line: headerLine, message: "no areas after the header") }
        try self.init(areas: areas, lineNumbers: lines)
    }

    private static func nextRecord(_ reader: inout CSVRecordReader) throws(AreaRegistryError) -> CSVRecordReader.Record? {
        do {
            return try reader.next()
        } catch {
            throw AreaRegistryError(line: error.line, message: error.message)
        }
    }
}
