import Foundation
import Pipeline
import PopStreamCore
import Testing
@testable import PopStreamCLI
@testable import Store

/// An elderly retraction may leave out `reportingYear` (a retraction may leave out the kind's fields): it then
/// retracts every person-year of the subject, stored or in the window, each by the revision rule.
@Suite("Retracting every person-year of a subject")
struct PersonYearRetractionTests {
    static let partition = TopicPartition(topic: "health.elderly-record.v1", partition: 0)

    /// Subject `subject`'s record for `year` at `revision`.
    static func record(_ generator: inout WorkloadGenerator, _ subject: String, year: Int, revision: Int) -> HealthEvent {
        var event = generator.makeEvent(kind: .elderlyRecord, subject: subject, revision: revision, retracted: false, previous: nil)
            .forPersonYear(year)
        event.envelope.eventId = "\(subject)-\(year)-r\(revision)"
        return event
    }

    /// A retraction of every person-year of `subject`, as the decoder reads it from the wire (no reportingYear).
    static func retractionOfEveryYear(_ subject: String, revision: Int, like sample: HealthEvent) throws -> HealthEvent {
        let json = """
            {"eventId":"\(subject)-all-r\(revision)","schemaVersion":1,"kind":"elderly-record","subjectId":"\(subject)",\
            "revision":\(revision),"recordedAt":"2026-01-10T08:00:00+07:00","facilityCode":"TYT-1",\
            "areaCode":"\(sample.envelope.areaCode)","retracted":true}
            """
        let event = try EventDecoder(registry: try SyntheticRegistry.twoLevel().registry).decode(Array(json.utf8), kind: .elderlyRecord)
        #expect(event.retractsEveryPersonYear && event.envelope.reportingYear == nil)
        return event
    }

    /// Claims the test partition, then reads, applies and commits `events` as its first window (offsets from 0).
    static func commitFirst(_ events: [HealthEvent], engine: IndicatorEngine,
                            store: any StateStore) async throws -> (claim: PartitionClaim, window: CommitWindowBuilder) {
        let claim = try #require(try await store.claimPartitions(group: "test", partitions: [partition]).first)
        var window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
        try await window.load(units: events.map(\.unitKey), from: store)
        for event in events { try window.apply(event) }
        try await commit(&window, claim: claim, from: 0, messages: events.count, store: store)
        return (claim, window)
    }

    /// Commits `window`, which consumed `messages` messages of the test partition from offset `from`.
    static func commit(_ window: inout CommitWindowBuilder, claim: PartitionClaim, from: Int64, messages: Int,
                       store: any StateStore) async throws {
        window.consumed(partition, epoch: claim.epoch, from: from == 0 ? claim.nextOffset : from,
                        through: from + Int64(messages) - 1, messages: messages, bytes: 0)
        try await store.commitBatch(window.commit())
    }

    @Test("stored and new person-years are all retracted; a person-year at a higher revision stays; figures equal the engine",
          arguments: StoreKind.tested, UnitReading.allCases)
    func retractsEveryPersonYear(kind: StoreKind, reading: UnitReading) async throws {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: 5, kinds: [.elderlyRecord], communes: map.communes)
        let first: [HealthEvent] = [
            Self.record(&generator, "S1", year: 2024, revision: 1), Self.record(&generator, "S1", year: 2025, revision: 1),
            Self.record(&generator, "S10", year: 2025, revision: 1), Self.record(&generator, "S2", year: 2025, revision: 5),
        ]
        let second: [HealthEvent] = [
            Self.record(&generator, "S1", year: 2026, revision: 1),
            try Self.retractionOfEveryYear("S1", revision: 2, like: first[0]),
            try Self.retractionOfEveryYear("S2", revision: 3, like: first[0]),
            try Self.retractionOfEveryYear("S3", revision: 1, like: first[0]),
        ]
        var expected = EngineState(engine: engine)
        try expected.apply(batch: first)
        let expectedOutcomes = try expected.apply(batch: second)
        // S2's person-year stays, but S2 and the unknown S3 are marked: a later lower revision stays retracted.
        #expect(expectedOutcomes == [.applied, .applied, .applied, .applied])

        try await TestDatabase.withStore(kind) { store in
            var (claim, window) = try await Self.commitFirst(first, engine: engine, store: store)
            let stored = try await store.unitStates(kind: EventKind.elderlyRecord.rawValue, keyPrefixes: [StoreKeys.personYearPrefix("S1")])
            #expect(Set(stored.keys.map(\.unitKey)) == ["S1|2024", "S1|2025"], "S10's person-year is not S1's")

            window = window.successor()
            let outcomes = try await reading.apply(second, to: &window, from: store)
            #expect(outcomes == expectedOutcomes)
            try await Self.commit(&window, claim: claim, from: 4, messages: 4, store: store)

            #expect(try await FigureReader(store: store, engine: engine, map: "synthetic").counters(.all) == expected.liveCounters)
            let remaining = try await store.unitStates(kind: EventKind.elderlyRecord.rawValue, keyPrefixes: ["S1|", "S2|", "S10|"])
            #expect(remaining.count == 5, "three of S1 (retracted), S2 and S10")
            let marks = try await store.unitStates(kind: EventKind.elderlyRecord.rawValue, unitKeys: ["S1", "S2", "S3", "S10"])
            #expect(marks.map { $0?.revision } == [2, 3, 1, nil])
        }
    }

    @Test("a person-year recorded after the retraction of every year: below its revision stale, above it applied",
          arguments: StoreKind.tested, UnitReading.allCases)
    func lateRecordsAfterTheMark(kind: StoreKind, reading: UnitReading) async throws {
        let map = try SyntheticRegistry.twoLevel()
        let engine = IndicatorEngine(registry: map.registry)
        var generator = WorkloadGenerator(seed: 6, kinds: [.elderlyRecord], communes: map.communes)
        let sample = Self.record(&generator, "S4", year: 2025, revision: 1)
        let first = [try Self.retractionOfEveryYear("S4", revision: 5, like: sample), Self.record(&generator, "S5", year: 2025, revision: 1)]
        // A new window, so that the mark comes from the store; S5 has no mark.
        let second = [Self.record(&generator, "S4", year: 2024, revision: 4), Self.record(&generator, "S4", year: 2025, revision: 6),
                      Self.record(&generator, "S5", year: 2024, revision: 1), first[0]]
        var expected = EngineState(engine: engine)
        #expect(try expected.apply(batch: first) == [.applied, .applied])
        let expectedOutcomes = try expected.apply(batch: second)
        #expect(expectedOutcomes == [.stale, .applied, .applied, .duplicate], "the redelivery leaves S4's 2025 (revision 6)")

        try await TestDatabase.withStore(kind) { store in
            let claim = try await Self.commitFirst(first, engine: engine, store: store).claim
            var window = CommitWindowBuilder(engine: engine, map: "synthetic", group: "test")
            let outcomes = try await reading.apply(second, to: &window, from: store)
            #expect(outcomes == expectedOutcomes)
            try await Self.commit(&window, claim: claim, from: 2, messages: 4, store: store)
            #expect(try await FigureReader(store: store, engine: engine, map: "synthetic").counters(.all) == expected.liveCounters)
        }
    }

    @Test("a key prefix's upper bound: the text just above every key that starts with it")
    func prefixBound() {
        #expect(UnitRecordKey.upperBound(ofPrefix: "S1|") == "S1}")
        #expect(UnitRecordKey.upperBound(ofPrefix: "a\u{10FFFF}") == "b")
        #expect(UnitRecordKey.upperBound(ofPrefix: "x\u{D7FF}") == "x\u{E000}")
        #expect(UnitRecordKey.upperBound(ofPrefix: "") == nil)
    }

    @Test("the decoder: a retraction may leave reportingYear out, a record may not")
    func decoding() throws {
        let registry = try SyntheticRegistry.twoLevel().registry
        let area = try #require(registry.areas.last?.code)
        let base = #"{"eventId":"e","schemaVersion":1,"kind":"elderly-record","subjectId":"S","revision":2,"# +
            #""recordedAt":"2026-01-10T08:00:00+07:00","facilityCode":"TYT","areaCode":"\#(area)""#
        let decoder = EventDecoder(registry: registry)
        let retraction = try decoder.decode(Array((base + #","retracted":true}"#).utf8), kind: .elderlyRecord)
        #expect(retraction.retractsEveryPersonYear)
        let yearRetraction = try decoder.decode(Array((base + #","retracted":true,"reportingYear":2025}"#).utf8), kind: .elderlyRecord)
        #expect(!yearRetraction.retractsEveryPersonYear && yearRetraction.unitKey.reportingYear == 2025)
        #expect(throws: EventRejection.self) { try decoder.decode(Array((base + "}").utf8), kind: .elderlyRecord) }
    }
}
