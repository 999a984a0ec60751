import Testing
@testable import PopStreamCore

/// JSON objects are unordered: producers mostly follow the contract's order of members, but any other order must
/// decode to the same event, and a repeated member must be refused wherever it is.
@Suite("Event members in any order")
struct EventsMemberOrderTests {
    /// The event's members reversed, rotated by each amount, and in a few seeded shuffles, with an unknown member inserted.
    private func orders(of event: EventJSON) -> [EventJSON] {
        var result = [EventJSON(kind: event.kind, fields: event.fields.reversed())]
        for shift in 1..<event.fields.count {
            result.append(EventJSON(kind: event.kind, fields: Array(event.fields[shift...] + event.fields[..<shift])))
        }
        var random = SeededGenerator(seed: 21)
        for _ in 0..<8 {
            var fields = event.fields
            fields.shuffle(using: &random)
            fields.insert(("unknownMember", "42"), at: Int(random.next() % UInt64(fields.count + 1)))
            result.append(EventJSON(kind: event.kind, fields: fields))
        }
        return result
    }

    @Test(arguments: EventKind.allCases)
    func anyOrderDecodesTheSameEvent(kind: EventKind) throws {
        let expected = try decoded(EventJSON.valid(kind))
        for event in orders(of: EventJSON.valid(kind)) {
            #expect(try decoded(event) == expected, "\(event)")
        }
    }

    @Test(arguments: EventKind.allCases)
    func aRepeatedMemberIsRefusedWhereverItIs(kind: EventKind) {
        let valid = EventJSON.valid(kind)
        for name in ["eventId", "areaCode", valid.fields[valid.fields.count - 1].key] {
            for event in orders(of: valid) {
                guard let original = event.fields.first(where: { $0.key == name }) else { continue }
                for position in [0, event.fields.count / 2, event.fields.count] {
                    var fields = event.fields
                    fields.insert(original, at: position)
                    let rejected = rejection(EventJSON(kind: kind, fields: fields))
                    #expect(rejected?.reason == .schemaViolation && rejected?.detail == "event: duplicate key \"\(name)\"",
                            "\(name) at \(position): \(String(describing: rejected))")
                }
            }
        }
    }
}
