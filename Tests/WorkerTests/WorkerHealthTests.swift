import Foundation
import Testing
@testable import WorkerRuntime

/// What `/readyz` and the worker benchmark read of a worker's health.
@Suite("Worker health")
struct WorkerHealthTests {
    @Test("ready only while consuming with the store and a broker reachable; when consuming began is kept after it stops")
    func snapshot() throws {
        let health = WorkerHealth()
        #expect(!health.snapshot.isReady && health.snapshot.consumingSince == nil)
        health.storeAnswered()
        health.brokerAnswered()
        #expect(!health.snapshot.isReady, "not consuming yet")
        let before = Date()
        health.consuming(true)
        let since = try #require(health.snapshot.consumingSince)
        #expect(since >= before && health.snapshot.isReady)
        health.consuming(true)
        #expect(health.snapshot.consumingSince == since, "still the same start")
        let committed = Date()
        health.committed(at: committed)
        health.consuming(false)
        #expect(!health.snapshot.isReady)
        #expect(health.snapshot.consumingSince == since && health.snapshot.lastCommit == committed)
        health.consuming(true)
        #expect(try #require(health.snapshot.consumingSince) >= committed, "a new start")
    }

    @Test("a check older than staleAfter no longer counts")
    func stale() async throws {
        let health = WorkerHealth(staleAfter: .milliseconds(50))
        health.consuming(true)
        health.storeAnswered()
        health.brokerAnswered()
        #expect(health.snapshot.isReady)
        try await Task.sleep(for: .milliseconds(120))
        #expect(!health.snapshot.storeReachable && !health.snapshot.brokerReachable && !health.snapshot.isReady)
    }
}
