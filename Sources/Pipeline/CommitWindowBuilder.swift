import Foundation
import PopStreamCore
import Store

/// Gathers the engine's work on one commit window (any number of poll batches, any partitions) into
/// the store's one-transaction ``BatchCommit``.
///
/// The units of each poll batch are read from the store once (``load(units:from:)``, or
/// ``prefetch(units:from:)`` ahead of time and then ``adopt(_:)``; units already in the window are not
/// taken again), events are applied in order against those states and the ones
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
    /// Where each unit the window knows sits in `entries`: one hash look-up per event.
    private var slots: [UnitKey: Int] = [:]
    /// What the window knows of each unit, in the order it learnt of them.
    private var entries: [UnitEntry] = []
    /// The entries whose state the window changed, in the order they first changed.
    private var changed: [Int] = []
    /// The entries carried over from the predecessor because it changed them (see ``successor()``).
    private var inherited: [Int] = []
    /// How many entries were carried over from the predecessor (the first ones); the rest the window met itself.
    private var carriedCount = 0
    /// The entries of each subject's elderly person-years: what a retraction without a year retracts.
    private var personYears: [String: [Int]] = [:]

    /// What the window knows of one unit.
    private struct UnitEntry {
        let key: UnitKey
        /// The revision the unit had in the store when the window read it (0: no stored state).
        var storedRevision: Int64
        /// The unit's latest state (stored or produced by the window).
        var state: UnitState?
        /// Whether the stored state has been read (or carried over): false while a read is pending or failed.
        var isLoaded: Bool
        /// Whether the window changed the state.
        var changed = false
    }

    /// The progress on each partition.
    private var partitions: [TopicPartition: PartitionCommit] = [:]
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

    /// Reads the stored states of `units` that the window has not read yet (one store call per kind).
    /// A subject's key without a year (an elderly retraction of every person-year) reads the subject's stored
    /// person-years too, and an elderly person-year the store does not have reads its subject's retraction mark.
    public mutating func load(units keys: some Sequence<UnitKey>, from store: any StateStore) async throws {
        var pending: [(entry: Int, key: UnitKey)] = []
        var subjects: Set<String> = []
        for key in keys {
            if key.isSubjectRetractionMark { subjects.insert(key.subjectId) }
            let index = slot(for: key)
            if !entries[index].isLoaded { pending.append((index, key)) }
        }
        if !pending.isEmpty {
            let states = try await Self.stored(pending.map(\.key), from: store)
            for ((index, _), stored) in zip(pending, states) { take(stored, at: index) }
            let marks = Self.retractionMarks(of: pending.map(\.key), stored: states)
                .filter { mark in slots[mark].map { !entries[$0].isLoaded } ?? true }
            if !marks.isEmpty {
                let keys = Array(marks)
                for (key, stored) in zip(keys, try await Self.stored(keys, from: store)) { adopt(key, stored) }
            }
        }
        if !subjects.isEmpty { adopt(try await Self.personYears(of: subjects, from: store)) }
    }

    /// Reads the stored states of `units` for a window that does not exist yet or is still being filled:
    /// a worker reads the units of its next poll batch while it applies the current one. Hand the result
    /// to ``adopt(_:)`` of this window or of its ``successor()``, not of a later one.
    public static func prefetch(units keys: some Sequence<UnitKey>, from store: any StateStore) async throws -> PrefetchedUnits {
        // A unit repeated in the batch is read for each of its events (no hashing here; adopt takes the first).
        // Retraction marks come after the batch's own units, so that those stay in the order of its events.
        var units: [UnitKey] = []
        var subjects: Set<String> = []
        var marks: Set<UnitKey> = []
        for key in keys {
            if key.isSubjectRetractionMark {
                subjects.insert(key.subjectId)
                marks.insert(key)
            } else {
                units.append(key)
            }
        }
        var prefetched = PrefetchedUnits(keys: units, stored: try await stored(units, from: store))
        marks.formUnion(retractionMarks(of: units, stored: prefetched.stored))
        if !marks.isEmpty {
            let keys = Array(marks)
            prefetched.append(PrefetchedUnits(keys: keys, stored: try await stored(keys, from: store)))
        }
        if !subjects.isEmpty { prefetched.append(try await personYears(of: subjects, from: store)) }
        return prefetched
    }

    /// The stored states of `keys`, in their order: one store read per kind.
    private static func stored(_ keys: [UnitKey], from store: any StateStore) async throws -> [PrefetchedUnits.Stored] {
        var result = [PrefetchedUnits.Stored](repeating: .none, count: keys.count)
        for kind in EventKind.allCases {
            let positions = keys.indices.filter { keys[$0].kind == kind }
            guard !positions.isEmpty else { continue }
            let records = try await store.unitStates(kind: kind.rawValue, unitKeys: positions.map { keys[$0].storageKey })
            for (position, record) in zip(positions, records) {
                let (revision, state) = try decoded(record)
                result[position] = PrefetchedUnits.Stored(revision: revision, state: state)
            }
        }
        return result
    }

    /// The retraction marks to read for `keys`, whose stored states are `stored`: an elderly person-year the store
    /// does not have starts from its subject's mark.
    private static func retractionMarks(of keys: [UnitKey], stored: [PrefetchedUnits.Stored]) -> Set<UnitKey> {
        var marks: Set<UnitKey> = []
        for (key, stored) in zip(keys, stored) where stored.state == nil {
            if let mark = key.subjectRetractionMark { marks.insert(mark) }
        }
        return marks
    }

    /// The stored person-years of elderly `subjects`.
    private static func personYears(of subjects: Set<String>, from store: any StateStore) async throws -> PrefetchedUnits {
        let kind = EventKind.elderlyRecord
        let records = try await store.unitStates(kind: kind.rawValue, keyPrefixes: subjects.map(StoreKeys.personYearPrefix))
        var keys: [UnitKey] = []
        var stored: [PrefetchedUnits.Stored] = []
        for subject in subjects {
            for (recordKey, record) in records {
                guard let key = StoreKeys.personYear(recordKey, kind: kind, subjectId: subject) else { continue }
                let (revision, state) = try decoded(record)
                keys.append(key)
                stored.append(PrefetchedUnits.Stored(revision: revision, state: state))
            }
        }
        return PrefetchedUnits(keys: keys, stored: stored)
    }

    /// Takes the prefetched states of units the window has not read yet. Units the window already knows
    /// keep what it knows: their state in the window is newer than any read of the store (it changed
    /// them, or its predecessors did, see ``successor()``), or the same.
    public mutating func adopt(_ prefetched: PrefetchedUnits) {
        for (key, stored) in zip(prefetched.keys, prefetched.stored) { adopt(key, stored) }
    }

    /// Takes `stored` as the state of `key` unless the window knows the unit already; returns its entry.
    @discardableResult
    private mutating func adopt(_ key: UnitKey, _ stored: PrefetchedUnits.Stored) -> Int {
        let index = slot(for: key)
        take(stored, at: index)
        return index
    }

    /// Takes `stored` as the state of the entry at `index` unless the entry is loaded already.
    private mutating func take(_ stored: PrefetchedUnits.Stored, at index: Int) {
        guard !entries[index].isLoaded else { return }
        entries[index].storedRevision = stored.revision
        entries[index].state = stored.state
        entries[index].isLoaded = true
    }

    /// The revision and state of a stored record (revision 0 and no state when there is none).
    private static func decoded(_ record: UnitStateRecord?) throws -> (Int64, UnitState?) {
        guard let record else { return (0, nil) }
        return (record.revision, try UnitState(serialized: Array(record.payload)))
    }

    /// The entry of `key`, added (not loaded) when the window did not know the unit: one hash look-up.
    private mutating func slot(for key: UnitKey) -> Int {
        let next = entries.count
        let index = Self.value(&slots[key, default: next])
        if index == next { record(UnitEntry(key: key, storedRevision: 0, state: nil, isLoaded: false)) }
        return index
    }

    /// Appends `entry` (its slot is set) and indexes it among its subject's person-years.
    private mutating func record(_ entry: consuming UnitEntry) {
        if entry.key.kind == .elderlyRecord, entry.key.reportingYear != nil {
            personYears[entry.key.subjectId, default: []].append(entries.count)
        }
        entries.append(entry)
    }

    /// Reads an `inout` value: through `Dictionary`'s defaulted subscript it inserts a missing key in the
    /// same look-up that finds it.
    private static func value(_ slot: inout Int) -> Int { slot }

    /// Applies one event of a unit that ``load(units:from:)`` has read. An elderly retraction without a year
    /// (``HealthEvent/retractsEveryPersonYear``) is applied to each person-year of the subject the window knows
    /// (load it with the event's key first), then to the subject's retraction mark.
    ///
    /// - Throws: ``AreaMissingError`` when the unit's stored contribution (or the event's) lies in an
    ///   area the map does not have: the window must not be committed.
    @discardableResult
    public mutating func apply(_ event: HealthEvent) throws(AreaMissingError) -> ApplyOutcome {
        let outcome: ApplyOutcome
        if event.retractsEveryPersonYear {
            let years = (personYears[event.envelope.subjectId] ?? []).compactMap { entries[$0].key.reportingYear }
            var each: [ApplyOutcome] = []
            for year in years.sorted() { each.append(try applyToUnit(event.forPersonYear(year))) }
            each.append(try applyToUnit(event))   // the subject's retraction mark
            outcome = .combined(each)
        } else {
            outcome = try applyToUnit(event)
        }
        return outcome
    }

    /// Adopts the units read ahead for `events` (``adopt(_:)``), then applies `events` in order (``apply(_:)``):
    /// a poll batch a worker prepared. The units were read for these events, in their order (a subject's key
    /// without a year aside), so an event finds its unit's entry without a second look-up; an event that does not
    /// match its place is looked up as usual.
    ///
    /// - Returns: each event's outcome, in order.
    /// - Throws: ``AreaMissingError`` as ``apply(_:)`` does.
    public mutating func apply(_ events: [HealthEvent], adopting prefetched: PrefetchedUnits) throws(AreaMissingError) -> [ApplyOutcome] {
        let adopted = zip(prefetched.keys, prefetched.stored).map { key, stored in adopt(key, stored) }
        var next = 0
        var result: [ApplyOutcome] = []
        result.reserveCapacity(events.count)
        for event in events {
            let outcome: ApplyOutcome
            if !event.retractsEveryPersonYear, next < adopted.count, prefetched.keys[next] == event.unitKey {
                outcome = try applyToUnit(event, at: adopted[next])
                next += 1
            } else {
                outcome = try apply(event)
            }
            result.append(outcome)
        }
        return result
    }

    /// Applies an event to its one unit.
    private mutating func applyToUnit(_ event: HealthEvent) throws(AreaMissingError) -> ApplyOutcome {
        try applyToUnit(event, at: slot(for: event.unitKey))
    }

    /// Applies an event to its one unit, whose entry is at `index`. An elderly person-year with no state starts
    /// from its subject's retraction mark.
    private mutating func applyToUnit(_ event: HealthEvent, at index: Int) throws(AreaMissingError) -> ApplyOutcome {
        entries[index].isLoaded = true   // a unit nobody read is taken as new, and not read later
        let result = engines[defaultIndex].apply(event, current: entries[index].state ?? retractionMark(of: entries[index].key))
        if result.outcome == .applied, var state = result.state {
            let removed = result.removed.map(placed), added = result.added.map(placed)
            try count(ApplyResult(outcome: .applied, state: state, removed: removed, added: added))
            state.contribution = added
            entries[index].state = state
            if !entries[index].changed { changed.append(index) }
            entries[index].changed = true
        }
        return result.outcome
    }

    /// The state of the retraction mark of `key`'s subject, for an elderly person-year whose mark the window knows.
    private func retractionMark(of key: UnitKey) -> UnitState? {
        guard let mark = key.subjectRetractionMark, let index = slots[mark] else { return nil }
        return entries[index].state
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

    /// The next window, to be filled while this one commits: it knows every unit this window or its
    /// predecessor changed as if both were committed (so it never reads them from the store, where their
    /// changes may not be yet, and neither does a ``prefetch(units:from:)`` started before this window
    /// closed), and each partition continues from this window's next offset under the same epoch. Units
    /// only read are read again if needed (the store has them right).
    ///
    /// Commit the windows in order. If this window's commit fails, drop the successor too: its units'
    /// expected revisions and its partitions' start offsets assume this window committed, so the store
    /// would refuse it anyway (`conflict` or `fenced`).
    public func successor() -> CommitWindowBuilder {
        var next = CommitWindowBuilder(copying: self)
        // Room for the carried units and as many new ones as this window met: the index then never grows (and
        // rehashes every key) while the next window fills.
        let capacity = changed.count + inherited.count + (entries.count - carriedCount)
        next.slots.reserveCapacity(capacity)
        next.entries.reserveCapacity(capacity)
        func carry(_ entry: UnitEntry) {
            next.slots[entry.key] = next.entries.count
            next.record(UnitEntry(key: entry.key, storedRevision: Int64(entry.state?.revision ?? 0), state: entry.state,
                                  isLoaded: true))
        }
        for index in changed { carry(entries[index]) }
        next.inherited = Array(0..<next.entries.count)
        // Changed by the predecessor only: its commit may still have been running when a read for `next` began.
        for index in inherited where !entries[index].changed { carry(entries[index]) }
        next.carriedCount = next.entries.count
        for (partition, progress) in partitions {
            next.partitions[partition] = PartitionCommit(group: group, partition: partition, epoch: progress.epoch,
                                                         fromOffset: progress.nextOffset, nextOffset: progress.nextOffset)
        }
        return next
    }

    /// The offset after the last message the window (or a predecessor it continues) consumed from `partition`;
    /// `nil` when it has consumed nothing from it.
    public func nextOffset(of partition: TopicPartition) -> Int64? { partitions[partition]?.nextOffset }

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
        let writes = changed.compactMap { index -> UnitStateWrite? in
            let entry = entries[index]
            guard let state = entry.state else { return nil }
            let record = UnitStateRecord(key: StoreKeys.unitKey(entry.key), revision: Int64(state.revision),
                                         payload: Data(state.serialized()))
            return UnitStateWrite(state: record, expectedRevision: entry.storedRevision)
        }
        return BatchCommit(leafCounters: counters, unitStates: writes, partitions: progress)
    }
}
