import Foundation
import PopStreamCore
import Store

/// Gathers the engine's work on one commit window (any number of poll batches, any partitions) into
/// the store's one-transaction ``BatchCommit``.
///
/// The units of each poll batch are read from the store once (``load(units:from:)``; units already
/// in the window are not read again), events are applied in order against those states and the ones
/// the window itself produced (a unit may occur many times), and ``commit()`` hands out the changed
/// unit states as compact bytes, fenced by the revision that was read, the leaf counter deltas and
/// each partition's progress, fenced by its owner epoch.
///
/// Each contribution counts on the area map it was placed on (leaf rows are keyed by map and code): a
/// correction that moves a unit to another map removes it from the map it was added on.
public struct CommitWindowBuilder: Sendable {
    /// The deployment's area maps.
    public let maps: AreaMapSet
    /// The map of contributions that name none (units stored before maps had ids, events of a
    /// single-map decoder).
    public let defaultMap: String
    /// The consumer group whose partitions the window commits.
    public let group: String
    /// One engine per map, in the order of `maps.maps` (apply does not depend on the map; the leaf deltas do).
    private let engines: [IndicatorEngine]
    /// The position of `defaultMap` in `maps.maps`.
    private let defaultIndex: Int
    /// The leaf deltas of each map touched so far, in the order of `maps.maps`.
    private var deltas: [DeltaBatch?]
    /// Every unit the window read: one entry, so that each event costs one hash look-up.
    private var units: [UnitKey: UnitEntry] = [:]
    /// Units whose state the window changed, in the order they first changed.
    private var changed: [UnitKey] = []

    /// What the window knows of one unit.
    private struct UnitEntry {
        /// The revision the unit had in the store when the window read it (0: no stored state).
        var storedRevision: Int64
        /// The unit's latest state (stored or produced by the window).
        var state: UnitState?
        /// Whether the window changed the state.
        var changed = false
    }
    /// The progress on each partition.
    private var partitions: [TopicPartition: PartitionCommit] = [:]
    /// How many events had each outcome.
    public private(set) var outcomes: [ApplyOutcome: Int] = [:]
    /// Messages consumed into the window (applied, duplicate, stale or rejected).
    public private(set) var messageCount = 0
    /// Bytes of the messages consumed into the window.
    public private(set) var byteCount = 0

    /// An empty window for `group` over the maps of `maps`; contributions without a map id count on
    /// `defaultMap`.
    public init(maps: AreaMapSet, defaultMap: String, group: String) {
        self.maps = maps
        self.defaultMap = defaultMap
        self.group = group
        self.engines = maps.maps.map { IndicatorEngine(registry: $0.registry) }
        self.defaultIndex = maps.maps.firstIndex { $0.id == defaultMap } ?? 0
        self.deltas = Array(repeating: nil, count: maps.maps.count)
    }

    /// An empty window for `group` on a single map: `engine`'s registry, stored as map `map`.
    public init(engine: IndicatorEngine, map: String, group: String) {
        self.init(maps: .single(engine.registry, id: map), defaultMap: map, group: group)
    }

    private init(copying other: CommitWindowBuilder) {
        self.maps = other.maps
        self.defaultMap = other.defaultMap
        self.group = other.group
        self.engines = other.engines
        self.defaultIndex = other.defaultIndex
        self.deltas = Array(repeating: nil, count: other.engines.count)
    }

    /// True when nothing was consumed into the window.
    public var isEmpty: Bool { messageCount == 0 }

    /// Reads the stored states of `units` that the window has not read yet (one store call).
    public mutating func load(units keys: some Sequence<UnitKey>, from store: any StateStore) async throws {
        var missing: [UnitRecordKey: UnitKey] = [:]
        for key in keys where units[key] == nil { missing[StoreKeys.unitKey(key)] = key }
        guard !missing.isEmpty else { return }
        let records = try await store.unitStates(for: Array(missing.keys))
        for (recordKey, key) in missing {
            guard let record = records[recordKey] else {
                units[key] = UnitEntry(storedRevision: 0, state: nil)
                continue
            }
            units[key] = UnitEntry(storedRevision: record.revision, state: try UnitState(serialized: Array(record.payload)))
        }
    }

    /// Applies one event of a unit that ``load(units:from:)`` has read.
    ///
    /// - Throws: ``AreaMissingError`` when the unit's stored contribution (or the event's) lies in an
    ///   area the map does not have: the window must not be committed.
    @discardableResult
    public mutating func apply(_ event: HealthEvent) throws(AreaMissingError) -> ApplyOutcome {
        let key = event.unitKey
        var entry = units[key] ?? UnitEntry(storedRevision: 0, state: nil)
        let result = engines[defaultIndex].apply(event, current: entry.state)
        if result.outcome == .applied, var state = result.state {
            let removed = result.removed.map(placed), added = result.added.map(placed)
            try count(ApplyResult(outcome: .applied, state: state, removed: removed, added: added))
            state.contribution = added
            entry.state = state
            if !entry.changed { changed.append(key) }
            entry.changed = true
            units[key] = entry
        }
        outcomes[result.outcome, default: 0] += 1
        return result.outcome
    }

    /// The contribution on its map: the default map when it names none.
    private func placed(_ contribution: Contribution) -> Contribution {
        contribution.map.isEmpty ? contribution.placed(on: defaultMap) : contribution
    }

    /// Adds an applied result's change to the leaf deltas of the map(s) of its contributions.
    private mutating func count(_ result: ApplyResult) throws(AreaMissingError) {
        let removedMap = result.removed?.map, addedMap = result.added?.map
        if removedMap == addedMap || removedMap == nil || addedMap == nil {
            guard let map = addedMap ?? removedMap, let kind = (result.added ?? result.removed)?.kind else { return }
            try add(map, kind) { batch throws(UnknownAreaError) in try batch.add(result) }
            return
        }
        if let removed = result.removed { try add(removed.map, removed.kind) { batch throws(UnknownAreaError) in try batch.add(removed, sign: -1) } }
        if let added = result.added { try add(added.map, added.kind) { batch throws(UnknownAreaError) in try batch.add(added, sign: 1) } }
    }

    private mutating func add(_ map: String, _ kind: EventKind,
                              _ body: (inout DeltaBatch) throws(UnknownAreaError) -> Void) throws(AreaMissingError) {
        let index = map == maps.maps[defaultIndex].id ? defaultIndex : maps.maps.firstIndex { $0.id == map }
        guard let index else { throw AreaMissingError(areaCode: "", kind: kind, map: map, mapUnknown: true) }
        var batch = deltas[index] ?? engines[index].makeBatch(grain: .leaf)
        deltas[index] = nil   // `batch` holds the only reference: changed in place, not copied
        defer { deltas[index] = batch }
        do {
            try body(&batch)
        } catch {
            throw AreaMissingError(areaCode: error.areaCode, kind: error.kind, map: map)
        }
    }

    /// Records that messages of `partition` up to `lastOffset` (included), `bytes` long in all, were
    /// consumed into the window. The first record of a partition fixes its owner `epoch` and the
    /// stored offset the window starts from.
    public mutating func consumed(_ partition: TopicPartition, epoch: Int64, from storedOffset: Int64?, through lastOffset: Int64,
                                  messages: Int, bytes: Int) {
        messageCount += messages
        byteCount += bytes
        if var progress = partitions[partition] {
            progress.nextOffset = max(progress.nextOffset, lastOffset + 1)
            partitions[partition] = progress
        } else {
            partitions[partition] = PartitionCommit(group: group, partition: partition, epoch: epoch, fromOffset: storedOffset,
                                                    nextOffset: lastOffset + 1)
        }
    }

    /// The next window, to be filled while this one commits: it knows every unit this window changed
    /// as if this window were committed (so it never reads them from the store, where this window's
    /// changes may not be yet), and each partition continues from this window's next offset under the
    /// same epoch. Units this window only read are read again if needed (the store has them right).
    ///
    /// Commit the windows in order. If this window's commit fails, drop the successor too: its units'
    /// expected revisions and its partitions' start offsets assume this window committed, so the store
    /// would refuse it anyway (`conflict` or `fenced`).
    public func successor() -> CommitWindowBuilder {
        var next = CommitWindowBuilder(copying: self)
        next.units.reserveCapacity(changed.count)
        for key in changed {
            guard let entry = units[key] else { continue }
            next.units[key] = UnitEntry(storedRevision: Int64(entry.state?.revision ?? 0), state: entry.state)
        }
        for (partition, progress) in partitions {
            next.partitions[partition] = PartitionCommit(group: group, partition: partition, epoch: progress.epoch,
                                                         fromOffset: progress.nextOffset, nextOffset: progress.nextOffset)
        }
        return next
    }

    /// The partitions the window consumed from, with their progress.
    public var progress: [PartitionCommit] { partitions.values.sorted { $0.partition < $1.partition } }

    /// The window's effects as one store transaction.
    public func commit() -> BatchCommit {
        var counters: [LeafCounterDelta] = []
        for (index, batch) in deltas.enumerated() {
            guard let batch else { continue }
            let map = maps.maps[index].id
            batch.forEachLeafDelta { key, lanes in
                if let row = LeafCounterRow(key: StoreKeys.leafKey(key, map: map), lanes: lanes) { counters.append(row) }
            }
        }
        let writes = changed.compactMap { key -> UnitStateWrite? in
            guard let entry = units[key], let state = entry.state else { return nil }
            let record = UnitStateRecord(key: StoreKeys.unitKey(key), revision: Int64(state.revision), payload: Data(state.serialized()))
            return UnitStateWrite(state: record, expectedRevision: entry.storedRevision)
        }
        return BatchCommit(leafCounters: counters, unitStates: writes, partitions: progress)
    }
}
