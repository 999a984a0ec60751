/// The spellings of a string enum as UTF-8 bytes, to match JSON strings without building a `String`.
struct EnumTable<Value: RawRepresentable & CaseIterable & Sendable>: Sendable where Value.RawValue == String {
    let cases: [Value]
    let names: ByteStringTable

    init(_ type: Value.Type = Value.self) {
        cases = Array(Value.allCases)
        names = ByteStringTable(cases.map(\.rawValue))
    }

    /// The case spelled by a string node, or `nil`.
    func match(_ document: JSONDocument, _ node: Int) -> Value? {
        position(document, node).map { cases[$0] }
    }

    /// The position in `cases` of the case spelled by a string node, or `nil`.
    func position(_ document: JSONDocument, _ node: Int) -> Int? {
        document.indexOfString(node, in: names)
    }

    /// `a, b or c`, for details.
    var expected: String { DetailText.alternatives(cases.map(\.rawValue)) }
}
