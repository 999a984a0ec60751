import Testing
@testable import PopStreamCore

/// Malformed input of every shape must give the right rejection, never a crash or a hang.
@Suite struct EventsRobustnessTests {
    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    /// The byte offset of the first occurrence of `marker` in `bytes`.
    static func offset(of marker: String, in bytes: [UInt8]) throws -> Int {
        let needle = Array(marker.utf8)
        let found = bytes.indices.first { bytes[$0...].starts(with: needle) }
        return try #require(found, "\(marker) not in the event")
    }

    /// Indices `p` where inserting a byte puts it inside a string token of `bytes` (after its opening quote,
    /// up to and including its closing quote's position). The fixtures hold no escapes.
    static func insideStringPositions(_ bytes: [UInt8]) -> [Int] {
        var positions: [Int] = []
        var inside = false
        for (index, byte) in bytes.enumerated() {
            if inside { positions.append(index) }
            if byte == UInt8(ascii: "\"") { inside.toggle() }
        }
        return positions
    }

    /// Every prefix of a valid event is invalid JSON, reported at the end of the input (where the
    /// document stops too early) or, inside a literal, at the literal's start.
    @Test(arguments: EventKind.allCases)
    func everyTruncationIsInvalidJSON(kind: EventKind) {
        let bytes = EventJSON.valid(kind).bytes
        #expect(rejection([], kind: kind) == EventRejection(.invalidJSON, "at byte 0: empty input"))
        for length in 1..<bytes.count {
            let rejected = rejection(Array(bytes[0..<length]), kind: kind)
            #expect(rejected?.reason == .invalidJSON, "length \(length)")
            let detail = rejected?.detail ?? ""
            #expect(detail.hasPrefix("at byte \(length): ") || detail.hasSuffix(": invalid literal"),
                    "length \(length): \(detail)")
        }
    }

    /// A control byte or a byte that cannot start a UTF-8 sequence here, put anywhere inside any string of
    /// the event, is `invalid_json` at exactly its offset (the string scanner's 8-byte fast path must stop
    /// on it wherever it falls in a word).
    @Test(arguments: EventKind.allCases)
    func aBadByteInsideAStringIsInvalidJSONAtItsOffset(kind: EventKind) throws {
        let original = EventJSON.valid(kind).bytes
        try #require(!original.contains(UInt8(ascii: "\\")) && original.allSatisfy { $0 < 0x80 })
        let positions = Self.insideStringPositions(original)
        let bad: [UInt8] = Array(0x00...0x1F) + Array(0x80...0xFF)
        var random = Generator(state: 0x51A7_E5EE_D000_0000 &+ UInt64(original.count))
        for _ in 0..<2_000 {
            let position = positions[random.next(positions.count)]
            let byte = bad[random.next(bad.count)]
            var bytes = original
            bytes.insert(byte, at: position)
            let message = byte < 0x20 ? "control character in a string" : "invalid UTF-8"
            #expect(rejection(bytes, kind: kind) == EventRejection(.invalidJSON, "at byte \(position): \(message)"),
                    "byte \(byte) at \(position)")
        }
    }

    /// An unknown field holding any valid string (escapes, multi-byte characters) is ignored: the event
    /// decodes exactly as without it, wherever the field is placed.
    @Test(arguments: EventKind.allCases)
    func anUnknownFieldWithAnyStringIsIgnored(kind: EventKind) throws {
        let original = EventJSON.valid(kind)
        let expected = try decoded(original)
        let pieces = ["a", "Z", "0", " ", "~", "{", "}", "[", ",", ":", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#,
                      #"\ud83d\ude00"#, "ệ", "😀", "Việt"]
        var random = Generator(state: 0xF1E1_D000 &+ UInt64(kind.rawValue.count))
        for round in 0..<300 {
            let value = (0..<random.next(24)).map { _ in pieces[random.next(pieces.count)] }.joined()
            var event = original
            event.fields.insert(("x-note-\(round)", "\"\(value)\""), at: random.next(event.fields.count + 1))
            #expect(try decoded(event) == expected, "\(event)")
        }
    }

    /// One edit of a valid newborn event, with the exact rejection it must give.
    struct Edit: CustomStringConvertible, Sendable {
        var name: String
        var apply: @Sendable ([UInt8]) throws -> (bytes: [UInt8], expected: EventRejection)

        var description: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "last brace deleted") { bytes in
            (Array(bytes.dropLast()), EventRejection(.invalidJSON, "at byte \(bytes.count - 1): unexpected end of input in an object"))
        },
        Edit(name: "colon replaced") { bytes in
            let colon = try EventsRobustnessTests.offset(of: #""eventId""#, in: bytes) + 9
            var edited = bytes
            edited[colon] = UInt8(ascii: "=")
            return (edited, EventRejection(.invalidJSON, "at byte \(colon): expected ':'"))
        },
        Edit(name: "comma replaced by a space") { bytes in
            let comma = try EventsRobustnessTests.offset(of: #","kind""#, in: bytes)
            var edited = bytes
            edited[comma] = UInt8(ascii: " ")
            return (edited, EventRejection(.invalidJSON, "at byte \(comma + 1): expected ',' or '}'"))
        },
        Edit(name: "invalid escape in a string") { bytes in
            let position = try EventsRobustnessTests.offset(of: "BV-TN-01", in: bytes) + 2
            var edited = bytes
            edited.insert(contentsOf: Array(#"\x"#.utf8), at: position)
            return (edited, EventRejection(.invalidJSON, "at byte \(position): invalid escape"))
        },
        Edit(name: "byte-order mark") { bytes in
            ([0xEF, 0xBB, 0xBF] + bytes, EventRejection(.invalidJSON, "at byte 0: unexpected character"))
        },
        Edit(name: "trailing byte") { bytes in
            (bytes + [UInt8(ascii: "x")], EventRejection(.invalidJSON, "at byte \(bytes.count): unexpected characters after the value"))
        },
        Edit(name: "a literal misspelt") { bytes in
            let screenings = try EventsRobustnessTests.offset(of: #""screenings":"#, in: bytes) + 13
            var edited = bytes
            edited.replaceSubrange(screenings..<screenings, with: Array(#"tru,"#.utf8))
            return (edited, EventRejection(.invalidJSON, "at byte \(screenings): invalid literal"))
        },
        Edit(name: "revision 1 -> 1.0") { bytes in
            let value = try EventsRobustnessTests.offset(of: #""revision":1"#, in: bytes) + 12
            var edited = bytes
            edited.insert(contentsOf: Array(".0".utf8), at: value)
            return (edited, EventRejection(.schemaViolation, "revision: expected an integer, got a number with a fraction or exponent"))
        },
        Edit(name: "schemaVersion 1 -> 2") { bytes in
            let value = try EventsRobustnessTests.offset(of: #""schemaVersion":1"#, in: bytes) + 16
            var edited = bytes
            edited[value] = UInt8(ascii: "2")
            return (edited, EventRejection(.unsupportedSchemaVersion, "schemaVersion: 2 is not supported (expected 1)"))
        },
        Edit(name: "sex one letter short") { bytes in
            let end = try EventsRobustnessTests.offset(of: #""female""#, in: bytes) + 7
            var edited = bytes
            edited.remove(at: end - 1)
            return (edited, EventRejection(.schemaViolation, #"sex: unknown value "femal" (expected male, female or undetermined)"#))
        },
        Edit(name: "birth day 02 -> 32") { bytes in
            let day = try EventsRobustnessTests.offset(of: "2025-09-02", in: bytes) + 8
            var edited = bytes
            edited[day] = UInt8(ascii: "3")
            return (edited, EventRejection(.invalidDate, "birthDate: not a calendar date YYYY-MM-DD"))
        },
        Edit(name: "areaCode one digit short") { bytes in
            let area = try EventsRobustnessTests.offset(of: "01840", in: bytes)
            var edited = bytes
            edited.remove(at: area + 4)
            return (edited, EventRejection(.unknownArea, #"areaCode: "0184" is not in the area registry"#))
        },
    ]

    @Test(arguments: edits)
    func aSingleEditGivesItsExactRejection(edit: Edit) throws {
        let (bytes, expected) = try edit.apply(EventJSON.newborn.bytes)
        #expect(rejection(bytes, kind: .newbornScreening) == expected)
    }

    /// Random byte edits anywhere: never a crash or a hang, and every outcome is one the input allows.
    @Test(arguments: EventKind.allCases)
    func randomMutationsNeverCrash(kind: EventKind) {
        let original = EventJSON.valid(kind).bytes
        var random = Generator(state: 0x9E37_79B9_7F4A_7C15 &+ UInt64(original.count))
        let alphabet = Array(#"{}[]":,\0123456789-+.eEtrufalsn ub"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xE1, 0xED, 0xF4, 0xFF]
        var outcomes: [DeadLetterReason: Int] = [:]
        var accepted = 0
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0..<(1 + random.next(3)) {
                let position = random.next(bytes.count)
                switch random.next(3) {
                case 0: bytes[position] = alphabet[random.next(alphabet.count)]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[random.next(alphabet.count)], at: position)
                }
            }
            guard let rejected = rejection(bytes, kind: kind) else {
                accepted += 1
                continue
            }
            outcomes[rejected.reason, default: 0] += 1
            // No key was given and the value is small: these two cannot happen.
            #expect(rejected.reason != .keyMismatch && rejected.reason != .tooLarge, "\(rejected)")
            if rejected.reason == .invalidJSON {
                let offset = rejected.detail.split(separator: ":").first.flatMap { Int($0.dropFirst("at byte ".count)) }
                #expect(offset.map { (0...bytes.count).contains($0) } == true, "\(rejected)")
            } else {
                #expect(rejected.detail.contains(": "), "\(rejected)")
            }
        }
        // The mutations reach past the JSON reader: some events stay valid, some break a field rule.
        #expect(outcomes[.invalidJSON, default: 0] > 0)
        #expect(outcomes[.schemaViolation, default: 0] > 0)
        #expect(accepted > 0)
    }

    @Test func deepNestingInAnUnknownFieldIsInvalidJSONNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let event = EventJSON.newborn.with("x", deep)
        // The root object is depth 1, so the 64th bracket is the first too deep.
        let firstBracket = event.description.utf8.count - 1 - 2 * 10_000
        let tooDeep = firstBracket + JSONParser.maximumDepth - 1
        #expect(rejection(event)
                == EventRejection(.invalidJSON, "at byte \(tooDeep): nesting deeper than \(JSONParser.maximumDepth)"))
    }
}
