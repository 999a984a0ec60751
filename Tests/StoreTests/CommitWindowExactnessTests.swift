import Foundation
import PopStreamCore
import Store
import Testing
@testable import PopStreamCLI

/// The engine and the store together: batches applied through `StoreBatchBuilder` and committed to a real
/// SQLite store end with exactly the counters of the in-memory engine, whatever the batch boundaries,
/// a batch lost before its commit (a crash) and a batch delivered again after its commit.
@Suite struct StoreBatchBuilderTests {
    static let topic = TopicPartition(topic: "health.mixed.v1", partition: 0)

    func withTemporaryStore(_ body: (any StateStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-builder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await StateStoreFactory.open(url: "sqlite://" + folder.appendingPathComponent("state.sqlite").path)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Reads, applies and commits `events` as one batch ending at `nextOffset`; returns what it committed.
    @discardableResult
    func process(_ events: ArraySlice<HealthEvent>, engine: IndicatorEngine, store: any StateStore,
                 nextOffset: Int, commit: Bool = true) async throws -> BatchCommit {
        var builder = StoreBatchBuilder(engine: engine)
        try await builder.load(units: events.map(\.unitKey), from: store)
        for event in events { builder.apply(event) }
        let batch = builder.commit(offsets: [ConsumerOffset(group: "test", partition: Self.topic, nextOffset: Int64(nextOffset))])
        if commit { try await store.commitBatch(batch) }
        return batch
    }

    @Test(arguments: [UInt64(1), 7, 2025])
    func committedCountersEqualTheEngineWhateverTheBatchesCrashesAndRedeliveries(seed: UInt64) async throws {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: seed, kinds: EventKind.allCases, communes: map.communes)
        let events = generator.events(count: 3_000)
        var expected = EngineState(engine: engine)
        expected.apply(batch: events)

        try await withTemporaryStore { store in
            var random = SplitMix64(seed: seed)
            var offset = 0
            while offset < events.count {
                let end = min(events.count, offset + 1 + Int(random.next() % 400))
                let batch = events[offset..<end]
                switch random.next() % 5 {
                case 0:
                    // A crash before the commit: the batch is delivered again from the stored offset.
                    try await process(batch, engine: engine, store: store, nextOffset: end, commit: false)
                    try await process(batch, engine: engine, store: store, nextOffset: end)
                case 1:
                    // Offsets lost after the commit: the same events come again and change nothing.
                    try await process(batch, engine: engine, store: store, nextOffset: end)
                    let again = try await process(batch, engine: engine, store: store, nextOffset: end)
                    #expect(again.counterDeltas.isEmpty && again.unitStates.isEmpty)
                default:
                    try await process(batch, engine: engine, store: store, nextOffset: end)
                }
                offset = end
            }

            let stored = try await store.counters(matching: .all).filter { $0.numerator != 0 || $0.denominator != 0 || $0.units != 0 }
            let want = expected.counters.filter { !$0.value.isZero }
            #expect(stored.count == want.count)
            for row in stored {
                let key = AggregateKey(indicator: try #require(IndicatorID(rawValue: row.key.indicator)),
                                       area: row.key.area, period: try #require(Period(row.key.period)))
                #expect(want[key] == CounterDelta(numerator: row.numerator, denominator: row.denominator, units: row.units), "\(key)")
            }
            #expect(try await store.offsets(group: "test", partitions: [Self.topic])[Self.topic] == Int64(events.count))
            #expect(try await store.unitStateCount() == expected.units.count)
        }
    }
}
