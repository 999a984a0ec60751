/// Typed reads of JSON values with the contract's rules; every failure is a `schema_violation` naming the field.
///
/// Optional fields treat JSON `null` as absent. Paths are built only when a rule fails.
struct FieldReader {
    let document: JSONDocument

    func violation(_ path: String, _ rule: String) -> EventRejection {
        EventRejection(.schemaViolation, "\(path): \(rule)")
    }

    func missing(_ path: String) -> EventRejection { violation(path, "required field missing") }

    func wrongType(_ node: Int, _ path: String, expected: String) -> EventRejection {
        if document.isNonIntegerNumber(node), expected.hasPrefix("an integer") {
            return violation(path, "expected \(expected), got a number with a fraction or exponent")
        }
        return violation(path, "expected \(expected), got \(document.kind(node).name)")
    }

    /// The node of a required field of kind `kind`.
    func require(_ node: Int?, _ kind: JSONNode.Kind, _ path: @autoclosure () -> String,
                 expected: @autoclosure () -> String) throws(EventRejection) -> Int {
        guard let node else { throw missing(path()) }
        guard document.kind(node) == kind else { throw wrongType(node, path(), expected: expected()) }
        return node
    }

    /// A required string whose length in Unicode scalars lies in `length`.
    func string(_ node: Int?, _ path: @autoclosure () -> String, length: ClosedRange<Int>) throws(EventRejection) -> String {
        let node = try require(node, .string, path(), expected: "a string")
        let count = document.scalarCount(node)
        guard length.contains(count) else {
            throw violation(path(), "expected \(length.lowerBound)..\(length.upperBound) characters, got \(count)")
        }
        return document.string(node)
    }

    /// An optional string (absent or `null`: `nil`) whose length lies in `length`.
    func optionalString(_ node: Int?, _ path: @autoclosure () -> String,
                        length: ClosedRange<Int>) throws(EventRejection) -> String? {
        guard let node, document.kind(node) != .null else { return nil }
        return try string(node, path(), length: length)
    }

    /// A required integer (no fraction, no exponent, fits in 64 bits) within `range`.
    func integer(_ node: Int?, _ path: @autoclosure () -> String, in range: ClosedRange<Int>) throws(EventRejection) -> Int {
        guard let node else { throw missing(path()) }
        guard let value = document.integer(node) else {
            if document.kind(node) == .number, !document.isNonIntegerNumber(node) {
                throw violation(path(), "integer out of range")
            }
            throw wrongType(node, path(), expected: "an integer")
        }
        guard range.contains(value) else { throw violation(path(), rangeRule(range)) }
        return value
    }

    /// An optional integer (absent or `null`: `nil`) within `range`.
    func optionalInteger(_ node: Int?, _ path: @autoclosure () -> String,
                         in range: ClosedRange<Int>) throws(EventRejection) -> Int? {
        guard let node, document.kind(node) != .null else { return nil }
        return try integer(node, path(), in: range)
    }

    /// A required boolean.
    func bool(_ node: Int?, _ path: @autoclosure () -> String) throws(EventRejection) -> Bool {
        guard let node else { throw missing(path()) }
        guard let value = document.bool(node) else { throw wrongType(node, path(), expected: "a boolean") }
        return value
    }

    /// An optional boolean (absent or `null`: `nil`).
    func optionalBool(_ node: Int?, _ path: @autoclosure () -> String) throws(EventRejection) -> Bool? {
        guard let node, document.kind(node) != .null else { return nil }
        return try bool(node, path())
    }

    /// A required string that must be one of the enum's spellings; the detail calls a wrong one an unknown
    /// `noun` (`sex: unknown value "M" (expected ...)`, `screenings.thalassemia: unknown result "maybe" ...`).
    func enumValue<Value>(_ node: Int?, _ path: @autoclosure () -> String, _ table: EnumTable<Value>,
                          noun: String = "value") throws(EventRejection) -> Value {
        table.cases[try enumPosition(node, path(), table, noun: noun)]
    }

    /// The position in `table.cases` of a required enum string (see ``enumValue(_:_:_:noun:)``).
    func enumPosition<Value>(_ node: Int?, _ path: @autoclosure () -> String, _ table: EnumTable<Value>,
                             noun: String = "value") throws(EventRejection) -> Int {
        let node = try require(node, .string, path(), expected: "a string")
        guard let position = table.position(document, node) else {
            throw violation(path(), "unknown \(noun) \(DetailText.quoted(document.string(node))) (expected \(table.expected))")
        }
        return position
    }

    /// The node of a required date or timestamp string; its text is checked later (`invalid_date` phase).
    func dateNode(_ node: Int?, _ path: @autoclosure () -> String) throws(EventRejection) -> Int {
        try require(node, .string, path(), expected: "a date string YYYY-MM-DD")
    }

    /// The calendar date of a string node checked by `dateNode`.
    func date(_ node: Int, _ path: @autoclosure () -> String) throws(EventRejection) -> LocalDate {
        let date = document.withStringBytes(node) { LocalDate(utf8: $0) }
        guard let date else { throw EventRejection(.invalidDate, "\(path()): not a calendar date YYYY-MM-DD") }
        return date
    }

    private func rangeRule(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "must be >= \(range.lowerBound)" }
        if range.lowerBound == Int.min { return "must be <= \(range.upperBound)" }
        return "must be between \(range.lowerBound) and \(range.upperBound)"
    }
}
