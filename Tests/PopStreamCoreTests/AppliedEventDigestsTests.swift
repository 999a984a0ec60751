import Foundation
import Testing
@testable import PopStreamCore

@Suite("Applied event digests: the last few ids a unit remembers, inline")
struct AppliedEventDigestsTests {
    private func digests(_ ids: ClosedRange<Int>) -> [EventIdDigest] { ids.map { EventIdDigest("e#\($0)") } }

    @Test func keepsTheLastFourInOrder() {
        var kept = AppliedEventDigests()
        #expect(kept.isEmpty)
        for (count, digest) in digests(1...6).enumerated() {
            kept.append(digest)
            #expect(kept.count == min(count + 1, AppliedEventDigests.capacity))
        }
        #expect(Array(kept) == digests(3...6))
        #expect(kept.contains(EventIdDigest("e#3")) && kept.contains(EventIdDigest("e#6")))
        #expect(!kept.contains(EventIdDigest("e#2")))
        #expect(AppliedEventDigests(digests(1...6)) == kept)
    }

    @Test func equalDigestsAreEqualHowEverTheyWereBuilt() {
        // Shifted out of a full set, or appended to an empty one: the same digests compare and hash equal.
        var shifted = AppliedEventDigests(digests(1...4))
        shifted.append(EventIdDigest("e#5"))
        let direct = AppliedEventDigests(digests(2...5))
        #expect(shifted == direct)
        #expect(Set([shifted, direct]).count == 1)
        #expect(AppliedEventDigests(digests(1...2)) != AppliedEventDigests(digests(1...3)))
        #expect(AppliedEventDigests([EventIdDigest(value: 0)]) != AppliedEventDigests())
        #expect(!AppliedEventDigests().contains(EventIdDigest(value: 0)))
    }

    @Test func aStoredStateWithMoreIdsKeepsTheLastFour() throws {
        // Format 3: version, revision, flags (no contribution), six digests.
        var bytes: [UInt8] = [3, 9, 0, 6]
        for digest in digests(1...6) { bytes += (0..<8).map { UInt8(truncatingIfNeeded: digest.value >> (8 * $0)) } }
        let state = try UnitState(serialized: bytes)
        #expect(Array(state.appliedEvents) == digests(3...6))
        #expect(state.revision == 9 && state.contribution == nil)
    }

    @Test func encodesAsAnArrayOfDigests() throws {
        let kept = AppliedEventDigests(digests(1...3))
        let json = try JSONEncoder().encode(kept)
        #expect(try JSONDecoder().decode([EventIdDigest].self, from: json) == digests(1...3))
        #expect(try JSONDecoder().decode(AppliedEventDigests.self, from: JSONEncoder().encode(digests(1...5))) == AppliedEventDigests(digests(2...5)))
    }
}
