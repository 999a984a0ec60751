import Testing
@testable import PopStreamCore

/// Malformed input of every shape must give a rejection, never a crash or a hang.
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

    @Test(arguments: EventKind.allCases)
    func everyTruncationIsInvalidJSON(kind: EventKind) {
        let bytes = EventJSON.valid(kind).bytes
        for length in 0..<bytes.count {
            #expect(rejection(Array(bytes[0..<length]), kind: kind)?.reason == .invalidJSON, "length \(length)")
        }
    }

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
            if let rejected = rejection(bytes, kind: kind) {
                outcomes[rejected.reason, default: 0] += 1
                #expect(!rejected.detail.isEmpty)
            } else {
                accepted += 1
            }
        }
        #expect(outcomes[.invalidJSON, default: 0] > 0)
        #expect(outcomes.values.reduce(accepted, +) == 3_000)
    }

    @Test func deepNestingInAnUnknownFieldIsInvalidJSONNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(rejection(EventJSON.newborn.with("x", deep))?.reason == .invalidJSON)
    }
}
