import Foundation
import Pipeline
import PopStreamCore
import Testing
@testable import PopStreamCLI
@testable import Store

/// The engine and the store together: events applied in commit windows (``CommitWindowBuilder``) and
/// committed to a real store, read back rolled up (``FigureReader``), equal the in-memory engine's
/// counters exactly, whatever the window boundaries, crashes before a commit (the partition claimed
/// again, the window re-read from the stored offset) and events published twice, on both stores and
/// on the two-level and the three-level map.
@Suite("Commit windows equal the in-memory engine")
struct CommitWindowExactnessTests {
    static let partition = TopicPartition(topic: "health.mixed.v1", partition: 0)

    enum MapShape: String, CaseIterable, Sendable { case twoLevel, threeLevel }

    /// Reads, applies and commits `events` (at Kafka offsets `offset...`) as one window; returns it.
    @discardableResult
    static func process(_ events: ArraySlice<HealthEvent>, offset: Int64, claim: PartitionClaim, engine: IndicatorEngine,
                        store: any StateStore, commit: Bool = true) async throws -> BatchCommit {
        var window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
        // Poll batches of up to 100 events, each loaded on its own, as a worker does.
        var start = events.startIndex
        while start < events.endIndex {
            let end = min(events.endIndex, start + 100)
            try await window.load(units: events[start..<end].map(\.unitKey), from: store)
            for event in events[start..<end] { try window.apply(event) }
            window.consumed(claim.partition, epoch: claim.epoch, from: claim.nextOffset,
                            through: offset + Int64(end - events.startIndex) - 1, messages: end - start, bytes: 0)
            start = end
        }
        let batch = window.commit()
        if commit { try await store.commitBatch(batch) }
        return batch
    }

    /// 2,000 events of every kind (seed `seed`) on the synthetic two-level map, its engine, and the in-memory
    /// engine's state after them (what the store must end up with).
    static func mixedEvents(seed: UInt64) throws -> (engine: IndicatorEngine, events: [HealthEvent], expected: EngineState) {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: seed, kinds: EventKind.allCases, communes: map.communes)
        let events = generator.events(count: 2_000)
        var expected = EngineState(engine: engine)
        try expected.apply(batch: events)
        return (engine, events, expected)
    }

    @Test(arguments: StoreKind.tested, [(UInt64(1), MapShape.twoLevel), (7, .threeLevel), (2025, .twoLevel)])
    func committedFiguresEqualTheEngine(kind: StoreKind, run: (seed: UInt64, shape: MapShape)) async throws {
        let map = run.shape == .twoLevel ? try SyntheticRegistry.twoLevel() : try SyntheticRegistry.threeLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: run.seed, kinds: EventKind.allCases, communes: map.communes)
        let events = generator.events(count: 3_000)
        var expected = EngineState(engine: engine)
        try expected.apply(batch: events)

        try await TestDatabase.withStore(kind) { store in
            var random = SplitMix64(seed: run.seed)
            var claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
            var kafkaOffset: Int64 = 0
            var index = 0
            while index < events.count {
                let end = min(events.count, index + 1 + Int(random.next() % 400))
                let slice = events[index..<end]
                switch random.next() % 5 {
                case 0:
                    // A crash before the commit: claimed again, the window is read again from the stored offset.
                    try await Self.process(slice, offset: kafkaOffset, claim: claim, engine: engine, store: store, commit: false)
                    claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
                    #expect(claim.nextOffset == (kafkaOffset == 0 ? nil : kafkaOffset))
                    try await Self.process(slice, offset: kafkaOffset, claim: claim, engine: engine, store: store)
                case 1:
                    // The producer published the same events twice: they come again and change nothing.
                    try await Self.process(slice, offset: kafkaOffset, claim: claim, engine: engine, store: store)
                    kafkaOffset += Int64(slice.count)
                    claim.nextOffset = kafkaOffset
                    let again = try await Self.process(slice, offset: kafkaOffset, claim: claim, engine: engine, store: store)
                    #expect(again.leafCounters.isEmpty && again.unitStates.isEmpty)
                default:
                    try await Self.process(slice, offset: kafkaOffset, claim: claim, engine: engine, store: store)
                }
                kafkaOffset += Int64(slice.count)
                claim.nextOffset = kafkaOffset
                index = end
            }

            let reader = FigureReader(store: store, engine: engine, map: "synthetic")
            let stored = try await reader.counters(.all)
            #expect(stored == expected.liveCounters)
            #expect(try await store.offsets(group: "test", partitions: [Self.partition])[Self.partition] == kafkaOffset)
            #expect(try await store.unitStateCount() == expected.units.count)

            // Filtered reads equal the same filter applied to the engine's counters.
            let province = try #require(map.registry.roots.first.flatMap { map.registry.children(of: $0.code).first })
            for query in [CounterQuery(area: province.code, year: 2025),
                          CounterQuery(area: province.code, level: map.registry.levels.last, period: .quarter(2026, 2)),
                          CounterQuery(period: .month(2025, 7), indicator: .sexRatioAtBirth),
                          CounterQuery(area: map.communes[0]),
                          CounterQuery(area: "no-such-area")] {
                let want = expected.liveCounters.filter { key, _ in
                    (query.area.map { map.registry.isSelfOrDescendant(key.area, of: $0) } ?? true)
                        && (query.level.map { map.registry.area(key.area)?.level == $0 } ?? true)
                        && query.matches(key.period) && (query.indicator.map { $0 == key.indicator } ?? true)
                }
                #expect(try await reader.counters(query) == want, "\(query)")
            }
        }
    }

    @Test("pipelined windows (each filled while the previous one commits) equal the engine; a failed commit drops its successor",
          arguments: StoreKind.tested)
    func pipelinedWindows(kind: StoreKind) async throws {
        let (engine, events, expected) = try Self.mixedEvents(seed: 99)

        try await TestDatabase.withStore(kind) { store in
            var claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
            var window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
            var pending: Task<Void, any Error>?
            var index = 0
            var droppedOnce = false
            while index < events.count {
                let end = min(events.count, index + 150)
                try await window.load(units: events[index..<end].map(\.unitKey), from: store)
                for event in events[index..<end] { try window.apply(event) }
                window.consumed(Self.partition, epoch: claim.epoch, from: claim.nextOffset, through: Int64(end - 1),
                                messages: end - index, bytes: 0)
                let batch = window.commit()
                try await pending?.value
                if !droppedOnce && index >= 1_000 {
                    // The commit fails (a crash): its successor, filled meanwhile, is refused too, and the
                    // worker starts over from the stored offset with a new claim.
                    droppedOnce = true
                    let successor = window.successor()
                    var doomed = successor
                    try await doomed.load(units: events[end..<min(events.count, end + 50)].map(\.unitKey), from: store)
                    for event in events[end..<min(events.count, end + 50)] { try doomed.apply(event) }
                    doomed.consumed(Self.partition, epoch: claim.epoch, from: nil, through: Int64(min(events.count, end + 50) - 1),
                                    messages: 50, bytes: 0)
                    await #expect(throws: StoreError.self) { try await store.commitBatch(doomed.commit()) }
                    claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
                    index = Int(claim.nextOffset ?? 0)
                    window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
                    pending = nil
                    continue
                }
                window = window.successor()
                pending = Task { [store] in try await store.commitBatch(batch) }
                index = end
            }
            try await pending?.value
            #expect(droppedOnce)
            #expect(try await FigureReader(store: store, engine: engine, map: "synthetic").counters(.all) == expected.liveCounters)
            #expect(try await store.offsets(group: "test", partitions: [Self.partition])[Self.partition] == Int64(events.count))
        }
    }

    @Test("read ahead: each poll batch's units read before the window two back has committed, adopted by the next window, equal the engine",
          arguments: StoreKind.tested, [UnitReading.readAhead, .readAheadBatch])
    func readAhead(kind: StoreKind, reading: UnitReading) async throws {
        let (engine, events, expected) = try Self.mixedEvents(seed: 42)
        let batches = stride(from: 0, to: events.count, by: 40).map { events[$0..<min(events.count, $0 + 40)] }

        try await TestDatabase.withStore(kind) { store in
            let claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
            var window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
            // The worst order a worker allows: batch k + 1 is read while window k - 1 has not committed yet, and
            // it is applied in window k + 1 (window k closed meanwhile). One window per poll batch.
            var prefetched = try await CommitWindowBuilder.prefetch(units: batches[0].map(\.unitKey), from: store)
            var committing: BatchCommit?
            for (number, batch) in batches.enumerated() {
                if reading == .readAheadBatch {
                    _ = try window.apply(Array(batch), adopting: prefetched)
                } else {
                    window.adopt(prefetched)
                    for event in batch { try window.apply(event) }
                }
                window.consumed(Self.partition, epoch: claim.epoch, from: claim.nextOffset, through: Int64(batch.endIndex - 1),
                                messages: batch.count, bytes: 0)
                if number + 1 < batches.count {
                    prefetched = try await CommitWindowBuilder.prefetch(units: batches[number + 1].map(\.unitKey), from: store)
                }
                if let committing { try await store.commitBatch(committing) }
                committing = window.commit()
                window = window.successor()
            }
            if let committing { try await store.commitBatch(committing) }
            #expect(try await FigureReader(store: store, engine: engine, map: "synthetic").counters(.all) == expected.liveCounters)
            #expect(try await store.offsets(group: "test", partitions: [Self.partition])[Self.partition] == Int64(events.count))
        }
    }

    @Test("a stored contribution whose area the registry lost stops the window before anything is committed")
    func lostAreaStopsTheWindow() async throws {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: 3, kinds: [.newbornScreening], communes: map.communes)
        let first = generator.makeEvent(kind: .newbornScreening, subject: "S1", revision: 1, retracted: false, previous: nil)
        try await TestDatabase.withStore(.sqlite) { store in
            let claim = try #require(try await store.claimPartitions(group: "test", partitions: [Self.partition]).first)
            try await Self.process([first], offset: 0, claim: claim, engine: engine, store: store)

            // The registry no longer has the unit's area: its correction cannot remove the old contribution.
            let smaller = try AreaRegistry(areas: map.registry.areas.filter { $0.code != first.envelope.areaCode })
            var correction = generator.makeEvent(kind: .newbornScreening, subject: "S1", revision: 2, retracted: false, previous: first)
            correction.envelope.areaCode = try #require(smaller.areas.last?.code)
            var window = CommitWindowBuilder(engine: IndicatorEngine(registry: smaller), map: "synthetic", group: "test")
            try await window.load(units: [correction.unitKey], from: store)
            let error = #expect(throws: AreaMissingError(areaCode: first.envelope.areaCode, kind: .newbornScreening, map: "synthetic")) {
                try window.apply(correction)
            }
            #expect(error?.description.contains("'synthetic'") == true)
            #expect(window.commit().leafCounters.isEmpty && window.commit().unitStates.isEmpty)
        }
    }
}
