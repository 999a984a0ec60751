/// The value node of each wanted member of one JSON object (unknown members are ignored).
struct ObjectFields {
    /// The value node of each field, by its position in the table; -1 when absent. Kept inline: an array
    /// allocated per object cost an allocation and a metadata look-up per event.
    private var slots = InlineArray<24, Int32>(repeating: -1)

    /// Looks up the members of `object` named in `table` (at most 24 names; the largest table, the elderly
    /// record's, has 17). A wanted member given twice is a `schema_violation` (`path: duplicate key "name"`);
    /// repeated unknown members are ignored like the members.
    init(_ document: JSONDocument, object: Int, table: ByteStringTable, path: @autoclosure () -> String = "event")
        throws(EventRejection) {
        precondition(table.count <= slots.count, "a field table names at most \(slots.count) fields")
        for member in document.members(of: object) {
            guard let slot = document.indexOfString(member.key, in: table) else { continue }
            guard slots[slot] < 0 else {
                throw EventRejection(.schemaViolation, "\(path()): duplicate key \(DetailText.quoted(document.string(member.key)))")
            }
            slots[slot] = Int32(truncatingIfNeeded: member.value)
        }
    }

    /// The value node of the field in `slot`, or `nil` when absent.
    subscript(slot: Int) -> Int? {
        let node = slots[slot]
        return node < 0 ? nil : Int(node)
    }
}
