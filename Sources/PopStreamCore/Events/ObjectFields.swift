/// The value node of each wanted member of one JSON object (unknown members are ignored).
struct ObjectFields {
    private var slots: [Int]

    /// Looks up the members of `object` named in `table` (the document has no duplicate keys).
    init(_ document: JSONDocument, object: Int, table: [[UInt8]]) {
        slots = Array(repeating: -1, count: table.count)
        for member in document.members(of: object) {
            if let slot = document.indexOfString(member.key, in: table) { slots[slot] = member.value }
        }
    }

    /// The value node of the field in `slot`, or `nil` when absent.
    subscript(slot: Int) -> Int? {
        let node = slots[slot]
        return node < 0 ? nil : node
    }
}
