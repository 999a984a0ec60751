import ArgumentParser
import Foundation
import PopStreamCore
import Store
import Synchronization

/// `popstream bench store`: batch-commit throughput of the state stores and the memory a process
/// needs while the store holds millions of units. Prints one JSON object per scenario.
///
/// SQLite always runs (on `--store` when it is a `sqlite://` URL, else on a temporary file);
/// PostgreSQL runs when `--store` is a `postgres://` URL or `POPSTREAM_TEST_POSTGRES_URL` is set.
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark batch commits (1,000 and 10,000 events) and memory with N units stored."
    )

    @Option(name: .long, help: "Store URL (sqlite:// or postgres://). Default: a temporary SQLite file.")
    var store: String?

    @Option(name: .long, help: "Unit states to write for the memory scenario.")
    var units: Int = 2_000_000

    @Option(name: .long, help: "Events committed per batch size for the throughput scenarios.")
    var events: Int = 50_000

    func run() async throws {
        var targets: [(name: String, url: String)] = []
        var temporaryFolder: URL?
        if let store, store.hasPrefix("sqlite") {
            targets.append(("sqlite", store))
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bench-\(UUID().uuidString)")
            temporaryFolder = folder
            targets.append(("sqlite", "sqlite://" + folder.appendingPathComponent("bench.sqlite").path))
        }
        if let store, store.hasPrefix("postgres") {
            targets.append(("postgres", store))
        } else if let url = ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"], !url.isEmpty {
            targets.append(("postgres", url))
        }
        defer { if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) } }

        for target in targets {
            let stateStore = try await StateStoreFactory.open(url: target.url)
            do {
                let workload = Workload(runId: String(UUID().uuidString.prefix(8)).lowercased())
                // Memory first, so that the first store's peak RSS is the memory scenario's own.
                try await Self.memory(stateStore, store: target.name, workload: workload, units: units)
                for batchSize in [1_000, 10_000] {
                    try await Self.throughput(stateStore, store: target.name, workload: workload, batchSize: batchSize, totalEvents: max(events, batchSize))
                }
                for batchSize in [1_000, 10_000] {
                    try await Self.engineBatches(stateStore, store: target.name, runId: workload.runId, batchSize: batchSize,
                                                 totalEvents: max(events, batchSize))
                }
            } catch {
                await stateStore.close()
                throw error
            }
            await stateStore.close()
        }
    }

    /// Commits `totalEvents` synthetic events in batches of `batchSize`; only the commits are timed
    /// (each batch is built just before its commit, so one batch is in memory at a time).
    static func throughput(_ store: any StateStore, store name: String, workload: Workload, batchSize: Int, totalEvents: Int) async throws {
        let batchCount = totalEvents / batchSize
        // One untimed warm-up batch (statement preparation, connection set-up).
        try await store.commitBatch(workload.batch(events: batchSize, partition: 99))
        var counterRows = 0
        var seconds = 0.0
        for index in 0..<batchCount {
            let batch = workload.batch(events: batchSize, partition: Int32(index % 24))
            if index == 0 { counterRows = Set(batch.counterDeltas.map(\.key)).count }
            let start = ContinuousClock.now
            try await store.commitBatch(batch)
            seconds += (ContinuousClock.now - start).seconds
        }
        emit([
            "scenario": "store.commit", "store": name, "batchEvents": batchSize, "batches": batchCount,
            "events": batchCount * batchSize, "countersPerBatch": counterRows, "countersPerEvent": Workload.deltasPerEvent,
            "seconds": round3(seconds), "eventsPerSecond": Int(Double(batchCount * batchSize) / seconds),
            "batchMillis": round3(seconds * 1000 / Double(batchCount)),
        ])
    }

    /// The worker's path without Kafka: realistic events (new units, corrections, retractions, redeliveries)
    /// on a country-sized two-level map, each batch read from the store, applied by the engine and committed
    /// as one transaction (`StoreBatchBuilder`). Times the whole batch and the commit alone.
    static func engineBatches(_ store: any StateStore, store name: String, runId: String, batchSize: Int, totalEvents: Int) async throws {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: UInt64(batchSize), kinds: EventKind.allCases, communes: map.communes)
        let prefix = "\(runId)-\(batchSize)-"
        let events = generator.events(count: totalEvents).map { event in
            var event = event
            event.envelope.subjectId = prefix + event.envelope.subjectId
            return event
        }
        let partition = TopicPartition(topic: "health.mixed.v1", partition: Int32(batchSize % 24))
        var totalSeconds = 0.0, commitSeconds = 0.0, counterRows = 0, unitWrites = 0
        var offset = 0
        while offset < events.count {
            let end = min(events.count, offset + batchSize)
            let start = ContinuousClock.now
            var builder = StoreBatchBuilder(engine: engine)
            try await builder.load(units: events[offset..<end].map(\.unitKey), from: store)
            for event in events[offset..<end] { builder.apply(event) }
            let batch = builder.commit(offsets: [ConsumerOffset(group: "bench-engine", partition: partition, nextOffset: Int64(end))])
            let commitStart = ContinuousClock.now
            try await store.commitBatch(batch)
            commitSeconds += (ContinuousClock.now - commitStart).seconds
            totalSeconds += (ContinuousClock.now - start).seconds
            counterRows += batch.counterDeltas.count
            unitWrites += batch.unitStates.count
            offset = end
        }
        let batches = (events.count + batchSize - 1) / batchSize
        emit([
            "scenario": "store.engine-batches", "store": name, "batchEvents": batchSize, "batches": batches,
            "events": events.count, "counterRowsPerBatch": counterRows / batches, "unitWritesPerBatch": unitWrites / batches,
            "seconds": round3(totalSeconds), "eventsPerSecond": Int(Double(events.count) / totalSeconds),
            "commitSeconds": round3(commitSeconds), "commitEventsPerSecond": Int(Double(events.count) / commitSeconds),
            "batchMillis": round3(totalSeconds * 1000 / Double(batches)),
        ])
    }

    /// Writes `units` unit states in batches of 10,000 and reports the process's peak RSS.
    static func memory(_ store: any StateStore, store name: String, workload: Workload, units: Int) async throws {
        let start = ContinuousClock.now
        var written = 0
        while written < units {
            let size = min(10_000, units - written)
            try await store.commitBatch(workload.unitsOnly(events: size, from: written))
            written += size
        }
        let seconds = (ContinuousClock.now - start).seconds
        let sample = (0..<1_000).map { UnitRecordKey(kind: Workload.kind, unitKey: workload.unitKey(memory: $0 * max(units / 1_000, 1))) }
        let found = try await store.unitStates(for: sample).count
        let stored = try await store.unitStateCount()
        emit([
            "scenario": "store.memory", "store": name, "unitsWritten": written, "unitsStored": stored,
            "sampleReadFound": found, "seconds": round3(seconds), "unitsPerSecond": Int(Double(written) / seconds),
            "peakRssMB": round3(ProcessMemory.peakResidentMegabytes), "rssMB": round3(ProcessMemory.currentResidentMegabytes), "limitMB": 300,
        ])
    }

    static func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }

    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// Synthetic but realistic batches: each event upserts one unit state of ~150 bytes and adds
    /// 36 counter deltas (3 indicators x 4 area levels x 3 periods), merged per batch by the store.
    struct Workload: Sendable {
        static let kind = "newborn-screening"
        static let indicators = ["newborn_screening_coverage", "newborn_positive_rate", "sex_ratio_at_birth"]
        static let deltasPerEvent = 36
        let runId: String
        private let counter = Counter()

        func unitKey(memory index: Int) -> String { "m-\(runId)-\(index)" }

        func batch(events: Int, partition: Int32) -> BatchCommit {
            var generator = SystemRandomNumberGenerator()
            var deltas: [CounterRowDelta] = []
            deltas.reserveCapacity(events * Self.deltasPerEvent)
            var units: [UnitStateWrite] = []
            units.reserveCapacity(events)
            let first = counter.take(events)
            for index in first..<(first + events) {
                let commune = Int.random(in: 0..<10_000, using: &generator)
                let areas = [String(format: "%05d", commune), "D\(commune / 14)", "P\(commune / 160)", "VN"]
                let month = Int.random(in: 1...12, using: &generator)
                let periods = ["2025", "2025-Q\((month - 1) / 3 + 1)", String(format: "2025-%02d", month)]
                for indicator in Self.indicators {
                    let numerator = Int64.random(in: 0...1, using: &generator)
                    for area in areas {
                        for period in periods {
                            deltas.append(CounterRowDelta(key: CounterKey(indicator: indicator, area: area, period: period), numerator: numerator, denominator: 1))
                        }
                    }
                }
                units.append(UnitStateWrite(state: Self.state(key: "b-\(runId)-\(index)", area: areas[0], month: month), expectedRevision: 0))
            }
            return BatchCommit(
                counterDeltas: deltas,
                unitStates: units,
                offsets: [ConsumerOffset(group: "bench", partition: TopicPartition(topic: "health.newborn-screening.v1", partition: partition), nextOffset: Int64(first + events))]
            )
        }

        func unitsOnly(events: Int, from start: Int) -> BatchCommit {
            let units = (start..<(start + events)).map { index in
                UnitStateWrite(state: Self.state(key: unitKey(memory: index), area: String(format: "%05d", index % 10_000), month: index % 12 + 1), expectedRevision: nil)
            }
            return BatchCommit(
                unitStates: units,
                offsets: [ConsumerOffset(group: "bench-memory", partition: TopicPartition(topic: "health.newborn-screening.v1", partition: 0), nextOffset: Int64(start + events))]
            )
        }

        static func state(key: String, area: String, month: Int) -> UnitStateRecord {
            let payload = """
                {"v":1,"area":"\(area)","periods":["2025","2025-Q\((month - 1) / 3 + 1)","2025-\(month)"],\
                "flags":{"screened_all":true,"any_screened":true,"positive":false,"male":true,"female":false}}
                """
            return UnitStateRecord(key: UnitRecordKey(kind: kind, unitKey: key), revision: 1, lastEventId: "evt-\(key)-1", payload: Data(payload.utf8))
        }
    }

    /// Hands out consecutive event numbers.
    final class Counter: Sendable {
        private let next = Atomic<Int>(0)

        func take(_ count: Int) -> Int {
            next.add(count, ordering: .relaxed).oldValue
        }
    }
}

