/// The value node of each wanted member of one JSON object (unknown members are ignored).
struct ObjectFields {
    private var slots: [Int]

    /// Looks up the members of `object` named in `table`. A wanted member given twice is a
    /// `schema_violation` (`path: duplicate key "name"`); repeated unknown members are ignored like the members.
    init(_ document: JSONDocument, object: Int, table: [[UInt8]], path: @autoclosure () -> String = "event")
        throws(EventRejection) {
        slots = Array(repeating: -1, count: table.count)
        for member in document.members(of: object) {
            guard let slot = document.indexOfString(member.key, in: table) else { continue }
            guard slots[slot] < 0 else {
                throw EventRejection(.schemaViolation, "\(path()): duplicate key \(DetailText.quoted(document.string(member.key)))")
            }
            slots[slot] = member.value
        }
    }

    /// The value node of the field in `slot`, or `nil` when absent.
    subscript(slot: Int) -> Int? {
        let node = slots[slot]
        return node < 0 ? nil : node
    }
}
