import Foundation
import Pipeline
import PopStreamCore
import Testing
@testable import PopStreamCLI
@testable import Store

/// Random events over both bundled maps (dates from 2024 to 2026, revisions moving units across the reform,
/// retractions, duplicates, stale revisions), committed in windows to a real store:
/// - the figures recorded on each map equal a recomputation from each unit's last revision on that map;
/// - figures recorded on the old map in communes that went whole into one new commune, read on the new
///   map, equal those computed directly on the new map.
@Suite("Area maps over time: properties")
struct AreaMapsPropertyTests {
    static let maps = BundledAreas.mapSet
    static let partition = TopicPartition(topic: "health.mixed.v1", partition: 0)

    /// A few dozen lowest-level areas of `map`, always including the Bạch Thông and Bắc Kạn city ones and
    /// split communes, so that units collide and move between them.
    static func sampleAreas(_ map: AreaMap, random: inout SplitMix64) -> [String] {
        let registry = map.registry
        let leaves = registry.areas.map(\.code).filter { registry.isLowestLevel($0) }
        var chosen = Set(leaves.filter { ["01969", "01849", "01840", "01981", "01978", "01984"].contains($0) })
        let split = Set(BundledAreas.crosswalk2025.entries.filter { $0.part == .partial }.map { map.id == BundledAreas.threeLevel2025Name ? $0.oldCode : $0.newCode })
        chosen.formUnion(split.sorted().prefix(10))
        while chosen.count < 40 { chosen.insert(leaves[Int(random.next() % UInt64(leaves.count))]) }
        return chosen.sorted()
    }

    static func date(_ random: inout SplitMix64, from: LocalDate, days: Int) -> LocalDate {
        from.adding(days: Int(random.next() % UInt64(days))) ?? from
    }

    /// One event of `subject` at `revision`, as published, decoded over the bundled maps.
    static func event(kind: EventKind, subject: String, revision: Int, retracted: Bool, anchor: LocalDate, area: String,
                      random: inout SplitMix64) throws -> HealthEvent {
        let flag = { (random: inout SplitMix64) in random.next() % 3 != 0 }
        let body: EventBody
        let recordedAt: Double
        var reportingYear: Int?
        switch kind {
        case .elderlyRecord:
            recordedAt = try Self.epoch(anchor) + 43_200
            reportingYear = anchor.year
            body = .elderly(ElderlyRecord(reportingYear: anchor.year, birthDate: try #require(LocalDate("1950-01-01")), sex: .female,
                                          hasHealthInsurance: flag(&random), hasHealthRecord: flag(&random),
                                          checkupsThisYear: Int(random.next() % 3), careSetting: .home))
        default:
            recordedAt = 1_800_000_000
            let results = NewbornScreeningResults(Dictionary(uniqueKeysWithValues: NewbornCondition.allCases.map {
                ($0, flag(&random) ? NewbornResult.negative : NewbornResult.notScreened)
            }))
            body = .newborn(NewbornScreening(birthDate: anchor, sex: flag(&random) ? .male : .female, screenings: results))
        }
        let envelope = EventEnvelope(eventId: "\(subject)-\(revision)", kind: kind, subjectId: subject, revision: revision,
                                     recordedAt: recordedAt, facilityCode: "BV-01", areaCode: area, retracted: retracted,
                                     reportingYear: reportingYear)
        let published = HealthEvent(envelope: envelope, body: retracted ? nil : body)
        return try EventDecoder(maps: maps).decode(published.jsonText(), kind: kind)
    }

    static func epoch(_ date: LocalDate) throws -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh"))
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        return try #require(calendar.date(from: components)).timeIntervalSince1970
    }

    /// Commits `events` in windows of random sizes; returns nothing, the store holds the outcome.
    static func commitInWindows(_ events: [HealthEvent], store: any StateStore, random: inout SplitMix64) async throws {
        let claim = try #require(try await store.claimPartitions(group: "props", partitions: [partition]).first)
        var offset: Int64 = 0
        var index = 0
        while index < events.count {
            let end = min(events.count, index + 1 + Int(random.next() % 250))
            var window = CommitWindowBuilder(maps: maps, defaultMap: BundledAreas.twoLevel2025Name, group: "props")
            try await window.load(units: events[index..<end].map(\.unitKey), from: store)
            for event in events[index..<end] { try window.apply(event) }
            window.consumed(partition, epoch: claim.epoch, from: offset == 0 ? claim.nextOffset : offset,
                            through: offset + Int64(end - index) - 1, messages: end - index, bytes: 0)
            try await store.commitBatch(window.commit())
            offset += Int64(end - index)
            index = end
        }
    }

    @Test("the figures on each map equal a recomputation from every unit's last revision",
          arguments: StoreKind.tested, [UInt64(15), 2025])
    func eachMapEqualsARecomputation(kind: StoreKind, seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let areas = Dictionary(uniqueKeysWithValues: Self.maps.maps.map { ($0.id, Self.sampleAreas($0, random: &random)) })
        let start = try #require(LocalDate("2024-01-01"))
        let end = try #require(LocalDate("2026-12-31"))
        var events: [HealthEvent] = []
        var last: [UnitKey: HealthEvent] = [:]
        for unit in 0..<400 {
            let kind: EventKind = unit % 4 == 0 ? .elderlyRecord : .newbornScreening
            var anchor = Self.date(&random, from: start, days: 1_090)
            for revision in 1...(1 + Int(random.next() % 3)) {
                // A correction moves the anchor by up to two months either way: across the reform at times.
                if revision > 1 { anchor = min(anchor.adding(days: Int(random.next() % 120) - 60) ?? anchor, end) }
                if kind == .elderlyRecord, revision > 1 { anchor = Self.date(&random, from: try #require(LocalDate(year: anchor.year, month: 1, day: 1)), days: 360) }
                let map = Self.maps.map(on: anchor)
                let codes = areas[map.id] ?? []
                let area = codes[Int(random.next() % UInt64(codes.count))]
                let retracted = revision > 1 && random.next() % 5 == 0
                let event = try Self.event(kind: kind, subject: "u\(unit)", revision: revision, retracted: retracted,
                                           anchor: anchor, area: area, random: &random)
                events.append(event)
                last[event.unitKey] = event
                if random.next() % 6 == 0 { events.append(event) }   // published twice
            }
        }
        // Deliver out of order at times: a stale revision after a newer one changes nothing.
        for index in stride(from: 0, to: events.count - 1, by: 7) where random.next() % 2 == 0 { events.swapAt(index, index + 1) }

        try await TestDatabase.withStore(kind) { store in
            try await Self.commitInWindows(events, store: store, random: &random)
            for map in Self.maps.maps {
                let engine = IndicatorEngine(registry: map.registry)
                var expected = EngineState(engine: engine)
                try expected.apply(batch: last.values.filter { !$0.envelope.retracted && $0.envelope.areaMap == map.id })
                let stored = try await FigureReader(store: store, engine: engine, map: map.id).counters(.all)
                #expect(stored == expected.liveCounters, "map \(map.id)")
                #expect(!expected.liveCounters.isEmpty)
            }
        }
    }

    @Test("figures of old communes that went whole into one new commune carry over exactly", arguments: StoreKind.tested)
    func wholeCommunesCarryOverExactly(kind: StoreKind) async throws {
        var random = SplitMix64(seed: 7)
        let crosswalk = BundledAreas.crosswalk2025
        let whole = Array(Set(crosswalk.entries.map(\.oldCode)).filter {
            let rows = crosswalk.entries(forOldCode: $0)
            return rows.count == 1 && rows[0].part == .full
        }.sorted().prefix(80))
        let start = try #require(LocalDate("2024-01-01"))
        var recorded: [HealthEvent] = []
        var direct: [HealthEvent] = []
        for unit in 0..<600 {
            let kind: EventKind = unit % 3 == 0 ? .elderlyRecord : .newbornScreening
            let anchor = Self.date(&random, from: start, days: 540)   // before 1 July 2025
            let old = whole[Int(random.next() % UInt64(whole.count))]
            let event = try Self.event(kind: kind, subject: "w\(unit)", revision: 1, retracted: false, anchor: anchor, area: old,
                                       random: &random)
            #expect(event.envelope.areaMap == BundledAreas.threeLevel2025Name)
            recorded.append(event)
            var moved = event
            moved.envelope.areaCode = try #require(crosswalk.entries(forOldCode: old).first).newCode
            moved.envelope.areaMap = BundledAreas.twoLevel2025Name
            direct.append(moved)
        }
        try await TestDatabase.withStore(kind) { store in
            try await Self.commitInWindows(recorded, store: store, random: &random)
            let view = try #require(MapView(maps: Self.maps, on: BundledAreas.twoLevel2025Name))
            let carried = try await FigureReader(store: store, view: view).figures(.all)
            var expected = EngineState(engine: IndicatorEngine(registry: BundledAreas.twoLevel2025))
            try expected.apply(batch: direct)
            #expect(carried.counters == expected.liveCounters)
            #expect(carried.approximate.isEmpty)
        }
    }
}
