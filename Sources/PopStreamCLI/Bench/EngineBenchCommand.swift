import ArgumentParser
import Foundation
import PopStreamCore

/// `popstream bench engine`: single-core throughput of the aggregation engine on a realistic event mix.
///
/// Per event: look up the unit's state, `IndicatorEngine.apply`, store the new state, accumulate the
/// deltas (rolled up to every ancestor and period) in a `DeltaBatch`; every `--batch-size` events the
/// batch's non-zero rows are handed out as `(AggregateKey, CounterDelta)` (what a store flush receives);
/// the scenario `mixed-with-memory-counters` also merges them into an in-memory map (a store's work).
/// Events are generated before the clock starts. One JSON object per scenario on stdout.
struct EngineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure the engine's apply + delta accumulation rate (events/s, one core)."
    )

    @Option(help: "Events per scenario.")
    var events: Int = 1_000_000

    @Option(help: "Events per delta batch (a consumer batch).")
    var batchSize: Int = 1_000

    @Option(help: "Seed of the synthetic workload.")
    var seed: UInt64 = 2025

    func run() async throws {
        guard events > 0, batchSize > 0 else { throw ConfigurationError("--events and --batch-size must be positive") }
        let threeLevel = try SyntheticRegistry.threeLevel()
        let twoLevel = try SyntheticRegistry.twoLevel()
        let scenarios: [(name: String, kinds: [EventKind], map: SyntheticRegistry, serialised: Bool, merge: Bool)] = [
            ("mixed", EventKind.allCases, threeLevel, false, false),
            ("mixed-two-level-map", EventKind.allCases, twoLevel, false, false),
            ("mixed-serialised-states", EventKind.allCases, threeLevel, true, false),
            ("mixed-with-memory-counters", EventKind.allCases, threeLevel, false, true),
            ("prenatal-screening", [.prenatalScreening], threeLevel, false, false),
            ("newborn-screening", [.newbornScreening], threeLevel, false, false),
            ("premarital-checkup", [.premaritalCheckup], threeLevel, false, false),
            ("elderly-record", [.elderlyRecord], threeLevel, false, false),
        ]
        for scenario in scenarios {
            let engine = IndicatorEngine(registry: scenario.map.registry)
            var generator = WorkloadGenerator(seed: seed, kinds: scenario.kinds, communes: scenario.map.communes)
            let workload = generator.events(count: events)
            let result = scenario.serialised
                ? try EngineBenchRun.run(engine: engine, events: workload, batchSize: batchSize, store: SerialisedStore(capacity: events),
                                     mergeCounters: scenario.merge)
                : try EngineBenchRun.run(engine: engine, events: workload, batchSize: batchSize, store: MemoryStore(capacity: events),
                                     mergeCounters: scenario.merge)
            print(result.json(scenario: scenario.name, areas: scenario.map.registry.areas.count, depth: scenario.map.depth))
        }
    }
}

/// Where the bench keeps unit states between events.
private protocol BenchStateStore {
    mutating func state(for key: UnitKey) -> UnitState?
    mutating func store(_ state: UnitState, for key: UnitKey)
}

private struct MemoryStore: BenchStateStore {
    var states: [UnitKey: UnitState]
    var lastIndex: Dictionary<UnitKey, UnitState>.Index?
    /// Sized for the run up front (a store's tables do not rehash in the hot loop either).
    init(capacity: Int) { states = Dictionary(minimumCapacity: capacity) }
    /// One hash per event: the index found by `state(for:)` is reused by `store(_:for:)`.
    mutating func state(for key: UnitKey) -> UnitState? {
        lastIndex = states.index(forKey: key)
        return lastIndex.map { states.values[$0] }
    }
    mutating func store(_ state: UnitState, for key: UnitKey) {
        if let lastIndex { states.values[lastIndex] = state } else { states[key] = state }
    }
}

/// States kept as the compact bytes the store persists (decode before, encode after each event).
private struct SerialisedStore: BenchStateStore {
    var states: [UnitKey: [UInt8]]
    init(capacity: Int) { states = Dictionary(minimumCapacity: capacity) }
    mutating func state(for key: UnitKey) -> UnitState? { states[key].flatMap { try? UnitState(serialized: $0) } }
    mutating func store(_ state: UnitState, for key: UnitKey) { states[key] = state.serialized() }
}

private struct EngineBenchRun {
    var events = 0
    var seconds = 0.0
    var flushSeconds = 0.0
    var cpuSeconds = 0.0
    var outcomes: [ApplyOutcome: Int] = [:]
    var deltaRows = 0
    var counterRows = 0
    var batchMicros: [Double] = []

    /// Runs the events in batches. Each batch's delta rows are handed out as a store flush receives them;
    /// with `mergeCounters` they are also merged into in-memory counters keyed by `AggregateKey`.
    static func run<Store: BenchStateStore>(engine: IndicatorEngine, events: [HealthEvent], batchSize: Int,
                                            store initial: Store, mergeCounters: Bool) throws -> EngineBenchRun {
        var store = initial
        var result = EngineBenchRun(events: events.count)
        var counters: [AggregateKey: CounterDelta] = [:]
        var batch = engine.makeBatch()
        var applied = 0, duplicate = 0, stale = 0
        var checksum: Int64 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = EngineBenchRun.threadCPUSeconds()
        var index = 0
        while index < events.count {
            let batchStart = DispatchTime.now().uptimeNanoseconds
            let end = min(events.count, index + batchSize)
            // Borrow the events in place (no copy of each event out of the array).
            try events.withUnsafeBufferPointer { events in
                while index < end {
                    let key = events[index].unitKey
                    let outcome = engine.apply(events[index], current: store.state(for: key))
                    switch outcome.outcome {
                    case .applied:
                        applied += 1
                        if let state = outcome.state { store.store(state, for: key) }
                        try batch.add(outcome)
                    case .duplicate: duplicate += 1
                    case .stale: stale += 1
                    }
                    index += 1
                }
            }
            let flushStart = DispatchTime.now().uptimeNanoseconds
            if mergeCounters {
                batch.forEachDelta { key, delta in
                    counters[key, default: .zero] += delta
                    result.deltaRows += 1
                }
            } else {
                batch.forEachDelta { key, delta in
                    checksum &+= delta.numerator &+ delta.units
                    result.deltaRows += 1
                }
            }
            batch.removeAll()
            let batchEnd = DispatchTime.now().uptimeNanoseconds
            result.flushSeconds += Double(batchEnd - flushStart) / 1e9
            result.batchMicros.append(Double(batchEnd - batchStart) / 1e3)
        }
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        result.cpuSeconds = EngineBenchRun.threadCPUSeconds() - cpuStart
        result.outcomes = [.applied: applied, .duplicate: duplicate, .stale: stale]
        result.counterRows = mergeCounters ? counters.count : Int(checksum & 0)
        return result
    }

    func json(scenario: String, areas: Int, depth: Int) -> String {
        let sorted = batchMicros.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        let rate = Double(events) / seconds
        let applyOnly = Double(events) / max(seconds - flushSeconds, 1e-9)
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        let fields: [(String, String)] = [
            ("benchmark", "\"engine\""), ("scenario", "\"\(scenario)\""), ("events", "\(events)"),
            ("seconds", String(format: "%.3f", seconds)), ("eventsPerSecond", number(rate)),
            ("cpuSeconds", String(format: "%.3f", cpuSeconds)), ("eventsPerCPUSecond", number(Double(events) / max(cpuSeconds, 1e-9))),
            ("applyEventsPerSecond", number(applyOnly)), ("flushSeconds", String(format: "%.3f", flushSeconds)),
            ("batchSize", "\(events / max(batchMicros.count, 1))"),
            ("batchP50Micros", number(percentile(0.5))), ("batchP99Micros", number(percentile(0.99))),
            ("applied", "\(outcomes[.applied] ?? 0)"), ("duplicate", "\(outcomes[.duplicate] ?? 0)"),
            ("stale", "\(outcomes[.stale] ?? 0)"), ("deltaRowsFlushed", "\(deltaRows)"), ("memoryCounterRows", "\(counterRows)"),
            ("areas", "\(areas)"), ("areaLevels", "\(depth)"), ("peakRSSBytes", "\(Int(ProcessMemory.peakResidentMegabytes * 1_048_576))"),
            ("goalEventsPerSecond", "500000"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// CPU time of the calling thread (the single core the bench runs on), so figures stay meaningful
    /// on a machine shared with other work.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
