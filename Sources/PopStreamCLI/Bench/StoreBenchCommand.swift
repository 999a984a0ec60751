import ArgumentParser
import Foundation
import Pipeline
import PopStreamCore
import Store

/// `popstream bench store`: the worker's store path (commit windows read, applied by the engine and
/// committed) over millions of stored units, the read-time rollup of a province-year report, and the
/// process's memory. Prints one JSON object per scenario.
///
/// SQLite runs (on `--store` when it is a `sqlite://` URL, else on a temporary file) unless `--stores` leaves it
/// out; PostgreSQL runs when `--store` is a `postgres://` URL or `POPSTREAM_TEST_POSTGRES_URL` is set, unless
/// `--stores` leaves it out. `make bench` runs each store in its own process, as each worker holds one store,
/// so that the peak memory reported is that store's.
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark commit windows over N stored units, the province-year read, and memory."
    )

    @Option(name: .long, help: "Store URL (sqlite:// or postgres://). Default: a temporary SQLite file.")
    var store: String?

    @Option(name: .long, help: "Stores to measure: sqlite, postgres (comma-separated; postgres needs a URL).")
    var stores: String = "sqlite,postgres"

    @Option(name: .long, help: "Units stored before the timed windows, per map.")
    var units: Int = 5_000_000

    @Option(name: .long, help: "Events committed per window size.")
    var events: Int = 200_000

    @Option(name: .long, help: "Window sizes in events, comma-separated.")
    var windows: String = "10000,50000"

    @Option(name: .long, help: "Events per poll batch, whose units are read from the store together (a worker polls up to 10,000).")
    var pollBatch: Int = 1_000

    @Option(name: .long, help: "Maps: two-level, three-level (comma-separated).")
    var maps: String = "two-level,three-level"

    func validate() throws {
        guard pollBatch > 0 else { throw ValidationError("--poll-batch must be at least 1") }
        for name in stores.split(separator: ",") where name != "sqlite" && name != "postgres" {
            throw ValidationError("unknown store '\(name)' (use sqlite or postgres)")
        }
    }

    func run() async throws {
        var targets: [(name: String, url: String)] = []
        var temporaryFolder: URL?
        let measured = Set(stores.split(separator: ",").map(String.init))
        if measured.contains("sqlite") {
            if let store, store.hasPrefix("sqlite") {
                targets.append(("sqlite", store))
            } else {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bench-\(UUID().uuidString)")
                temporaryFolder = folder
                targets.append(("sqlite", "sqlite://" + folder.appendingPathComponent("bench.sqlite").path))
            }
        }
        if measured.contains("postgres") {
            if let store, store.hasPrefix("postgres") {
                targets.append(("postgres", store))
            } else if let url = ProcessInfo.processInfo.environment["POPSTREAM_TEST_POSTGRES_URL"], !url.isEmpty {
                targets.append(("postgres", url))
            }
        }
        guard !targets.isEmpty else {
            throw ValidationError("no store to measure: PostgreSQL needs --store postgres://... or POPSTREAM_TEST_POSTGRES_URL")
        }
        defer { if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) } }
        let windowSizes = windows.split(separator: ",").compactMap { Int($0) }
        let shapes = try maps.split(separator: ",").map { name -> (String, SyntheticRegistry) in
            switch name {
            case "two-level": return ("two-level", try SyntheticRegistry.twoLevel())
            case "three-level": return ("three-level", try SyntheticRegistry.threeLevel())
            default: throw ValidationError("unknown map '\(name)' (use two-level or three-level)")
            }
        }

        for target in targets {
            let stateStore = try await StateStoreFactory.open(url: target.url)
            do {
                let runId = String(UUID().uuidString.prefix(8)).lowercased()
                for (mapName, map) in shapes {
                    let bench = StoreBench(store: stateStore, storeName: target.name, mapName: mapName, map: map,
                                           prefix: "\(runId)-\(mapName)-", pollBatch: pollBatch)
                    try await bench.fill(units: units)
                    for size in windowSizes {
                        try await bench.windows(size: size, totalEvents: max(events, size))
                        try await bench.pipelinedWindows(size: size, totalEvents: max(events, size))
                    }
                    // Reads last: a server that just took millions of rows is busy with them (autovacuum)
                    // for a while, which is not what reports meet in the steady state.
                    try await bench.readProvinceYear()
                }
            } catch {
                await stateStore.close()
                throw error
            }
            await stateStore.close()
        }
    }
}

/// The scenarios of one store on one map.
struct StoreBench {
    let store: any StateStore
    let storeName: String
    let mapName: String
    let map: SyntheticRegistry
    let prefix: String
    /// Events per poll batch: the units of one batch are read from the store together.
    let pollBatch: Int
    var engine: IndicatorEngine { IndicatorEngine(registry: map.registry) }

    /// Stores `units` unit states in windows of 50,000 (the population later windows correct), plus
    /// 36 months of leaf counters for every commune and kind (the history reports read).
    func fill(units: Int) async throws {
        var workload = StoredUnitsWorkload(prefix: prefix, storedUnits: units, communes: map.communes, seed: 1)
        let engine = engine
        let start = ContinuousClock.now
        var written = 0
        while written < units {
            let size = min(50_000, units - written)
            try await store.commitBatch(BatchCommit(unitStates: workload.storedStates(written..<(written + size), engine: engine)))
            written += size
        }
        let seconds = (ContinuousClock.now - start).seconds
        // One window of leaf rows per month, so that the history is never all in memory at once.
        var leafRows = 0
        for year in 2024...2026 {
            for month in 1...12 {
                var leaves: [LeafCounterDelta] = []
                for (index, commune) in map.communes.enumerated() {
                    for kind in EventKind.allCases where kind != .elderlyRecord || month == 1 {
                        let key = LeafKey(kind: kind, area: commune, year: year, month: kind == .elderlyRecord ? nil : month)
                        let lanes = (0..<(1 + 2 * IndicatorID.indicators(of: kind).count)).map { Int64(($0 * 7 + index + month) % 40 + 1) }
                        if let row = LeafCounterRow(key: StoreKeys.leafKey(key, map: mapName), lanes: lanes) { leaves.append(row) }
                    }
                }
                leafRows += leaves.count
                try await store.commitBatch(BatchCommit(leafCounters: leaves))
            }
        }
        BenchOutput.emit([
            "scenario": "store.fill", "store": storeName, "map": mapName, "unitsWritten": written,
            "unitsStored": try await store.unitStateCount(), "leafRows": leafRows, "seconds": BenchOutput.round3(seconds),
            "unitsPerSecond": Int(Double(written) / seconds), "peakRssMB": BenchOutput.round3(ProcessMemory.peakResidentMegabytes),
        ])
    }

    /// A province's year with every area below it, rolled up from the leaf rows: the median and worst
    /// of 21 reads.
    func readProvinceYear() async throws {
        let reader = FigureReader(store: store, engine: engine, map: mapName)
        guard let province = map.registry.roots.first.flatMap({ map.registry.children(of: $0.code).first }) else { return }
        let query = CounterQuery(area: province.code, year: 2025)
        var millis: [Double] = []
        var rows = 0
        for _ in 0..<21 {
            let start = ContinuousClock.now
            rows = try await reader.counters(query).count
            millis.append((ContinuousClock.now - start).seconds * 1000)
        }
        millis.sort()
        BenchOutput.emit([
            "scenario": "store.read-province-year", "store": storeName, "map": mapName, "communes": map.communes.count,
            "months": 36, "area": province.code, "rows": rows, "medianMillis": BenchOutput.round3(millis[millis.count / 2]),
            "maxMillis": BenchOutput.round3(millis.last ?? 0), "limitMillis": 50,
        ])
    }

    /// The worker's path without Kafka, one step after the other: per window, poll batches of `pollBatch` events
    /// (made in process, in place of decoding) whose units are read from the store, applied by the engine,
    /// and the window committed in one transaction before the next one fills. ``pipelinedWindows(size:totalEvents:)``
    /// overlaps these steps as a worker does.
    func windows(size: Int, totalEvents: Int) async throws {
        let group = "bench-\(mapName)-\(size)-s"
        let partition = TopicPartition(topic: "health.newborn-screening.v1", partition: 0)
        guard var claim = try await store.claimPartitions(group: group, partitions: [partition]).first else { return }
        let engine = engine
        let storedUnits = try await store.unitStateCount()
        var workload = StoredUnitsWorkload(prefix: prefix, storedUnits: storedUnits, communes: map.communes,
                                           seed: UInt64(size), newPrefix: "\(prefix)w\(size)s-")
        var totalSeconds = 0.0, commitSeconds = 0.0, loadSeconds = 0.0, leafRows = 0, unitWrites = 0
        var offset: Int64 = claim.nextOffset ?? 0
        var done = 0
        while done < totalEvents {
            let count = min(size, totalEvents - done)
            let start = ContinuousClock.now
            var window = CommitWindowBuilder(engine: engine, map: mapName, group: group)
            // Poll batches made on the spot (standing in for decoding), applied and dropped: a window keeps its
            // units' states and deltas, not its events.
            for pollStart in stride(from: 0, to: count, by: pollBatch) {
                let poll = workload.events(count: min(pollBatch, count - pollStart))
                let loadStart = ContinuousClock.now
                try await window.load(units: poll.map(\.unitKey), from: store)
                loadSeconds += (ContinuousClock.now - loadStart).seconds
                for event in poll { try window.apply(event) }
                window.consumed(partition, epoch: claim.epoch, from: claim.nextOffset, through: offset + Int64(pollStart + poll.count) - 1,
                                messages: poll.count, bytes: 0)
            }
            let batch = window.commit()
            let commitStart = ContinuousClock.now
            try await store.commitBatch(batch)
            commitSeconds += (ContinuousClock.now - commitStart).seconds
            totalSeconds += (ContinuousClock.now - start).seconds
            leafRows += batch.leafCounters.count
            unitWrites += batch.unitStates.count
            offset += Int64(count)
            claim.nextOffset = offset
            done += count
        }
        let windows = (totalEvents + size - 1) / size
        emitWindows(scenario: "store.windows", size: size, windows: windows, totalEvents: totalEvents, storedUnits: storedUnits,
                    leafRows: leafRows, unitWrites: unitWrites, totalSeconds: totalSeconds,
                    commitSeconds: commitSeconds, commitMeaning: "commits", loadSeconds: loadSeconds, loadMeaning: "reading units")
    }

    /// One JSON line of a windows scenario.
    func emitWindows(scenario: String, size: Int, windows: Int, totalEvents: Int, storedUnits: Int, leafRows: Int, unitWrites: Int,
                     totalSeconds: Double, commitSeconds: Double, commitMeaning: String, loadSeconds: Double, loadMeaning: String) {
        BenchOutput.emit([
            "scenario": scenario, "store": storeName, "map": mapName, "windowEvents": size, "pollBatchEvents": pollBatch, "windows": windows,
            "events": totalEvents, "storedUnits": storedUnits, "leafRowsPerWindow": leafRows / windows,
            "unitWritesPerWindow": unitWrites / windows, "seconds": BenchOutput.round3(totalSeconds),
            "eventsPerSecond": Int(Double(totalEvents) / totalSeconds), "commitSeconds": BenchOutput.round3(commitSeconds),
            "commitMeaning": commitMeaning, "loadSeconds": BenchOutput.round3(loadSeconds), "loadMeaning": loadMeaning,
            "makeAndApplySeconds": BenchOutput.round3(totalSeconds - commitSeconds - loadSeconds),
            "windowMillis": BenchOutput.round3(totalSeconds * 1000 / Double(windows)),
            "peakRssMB": BenchOutput.round3(ProcessMemory.peakResidentMegabytes),
        ])
    }
}

/// One JSON object per scenario on standard output.
enum BenchOutput {
    static func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }

    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
