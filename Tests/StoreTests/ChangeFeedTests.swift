import Foundation
import Testing
@testable import Store

/// The change feed of alert evaluation: what windows commit is recorded with them, read per kind, and
/// removed only by a fenced alert commit that names it.
@Suite("Change feed")
struct ChangeFeedTests {
    @Test("each window records its changed rows per (kind, map); a lease-holding alert commit removes the sets it names",
          arguments: StoreKind.tested)
    func changeSets(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let a = Fixtures.leaf("newborn-screening", "00001", 202_503)
            let b = Fixtures.leaf("newborn-screening", "Xã Phú Thông 01", 202_504)
            let c = Fixtures.leaf("elderly-record", "00001", 202_500)
            let d = Fixtures.leaf("newborn-screening", "00001", 202_503, map: "other-map")
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(a, [1, 1, 1]), Fixtures.delta(c, [1]),
                                                                   Fixtures.delta(d, [1])]))
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(b, [1, 0, 1]), Fixtures.delta(a, [1])]))
            // A window whose deltas cancel out changes no row and records nothing.
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(a, [1]), Fixtures.delta(a, [-1])]))

            let newborn = try await store.pendingChanges(kind: "newborn-screening", limit: 10)
            #expect(newborn.map { Set($0.keys) } == [[a], [d], [a, b]] || newborn.map { Set($0.keys) } == [[d], [a], [a, b]])
            #expect(newborn.map(\.id) == newborn.map(\.id).sorted())
            #expect(try await store.pendingChanges(kind: "elderly-record", limit: 10).map(\.keys) == [[c]])
            #expect(try await store.pendingChanges(kind: "newborn-screening", limit: 1).map(\.id) == [newborn[0].id])

            // A stale evaluator's commit is fenced and removes nothing.
            let stale = try #require(try await store.acquireLease(scope: "newborn-screening", holder: "old", duration: .milliseconds(100)))
            try await Task.sleep(for: .milliseconds(300))
            let current = try await Fixtures.lease(store, holder: "new")
            await #expect(throws: StoreError.self) {
                try await store.commitAlerts(AlertCommit(lease: stale, states: [], outbox: [], consumedChanges: newborn.map(\.id)))
            }
            #expect(try await store.pendingChanges(kind: "newborn-screening", limit: 10) == newborn)

            try await store.commitAlerts(AlertCommit(lease: current, states: [], outbox: [],
                                                     consumedChanges: [newborn[0].id, newborn[2].id, 987_654]))
            #expect(try await store.pendingChanges(kind: "newborn-screening", limit: 10) == [newborn[1]])
            #expect(try await store.pendingChanges(kind: "elderly-record", limit: 10).count == 1)
        }
    }
}
