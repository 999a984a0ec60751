import ArgumentParser
import Foundation
import PopStreamCore

/// `popstream bench decode`: decode + validate throughput per kind, single core, on realistic ~400-byte events.
///
/// Prints one JSON object per kind: events/s by wall clock and by the thread's CPU time (the fairer figure on a
/// shared machine). The goal is 250,000 events/s per kind (docs/performance.md, "Decoding").
struct DecodeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Measure event decoding and validation throughput per kind (single core)."
    )

    @Option(help: "Seconds of measurement per kind.")
    var seconds: Double = 2

    @Option(help: "Only this kind (default: all four).")
    var kind: String?

    func run() async throws {
        guard seconds > 0, seconds.isFinite else { throw ConfigurationError("--seconds must be a positive number") }
        let kinds = try kind.map { [try EventKindOption.parse($0)] } ?? EventKind.allCases
        let decoder = EventDecoder(registry: BundledAreas.defaultRegistry)
        for kind in kinds {
            let events = DecodeBenchSamples.events(kind, count: 1024)
            let result = try Self.measure(decoder, kind: kind, events: events, seconds: seconds)
            print(result.json)
        }
    }

    struct Measurement {
        var kind: EventKind
        var events: Int
        var bytesPerEvent: Int
        var wallSeconds: Double
        var cpuSeconds: Double

        var json: String {
            let perWall = Int(Double(events) / wallSeconds)
            let perCPU = Int(Double(events) / cpuSeconds)
            return #"{"benchmark":"decode","kind":"\#(kind.rawValue)","events":\#(events),"#
                + #""bytesPerEvent":\#(bytesPerEvent),"wallSeconds":\#(rounded(wallSeconds)),"#
                + #""cpuSeconds":\#(rounded(cpuSeconds)),"eventsPerSecond":\#(perWall),"#
                + #""eventsPerCpuSecond":\#(perCPU),"goalEventsPerSecond":250000}"#
        }

        private func rounded(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    static func measure(_ decoder: EventDecoder, kind: EventKind, events: [[UInt8]],
                        seconds: Double) throws -> Measurement {
        for event in events {
            do { _ = try decoder.decode(event, kind: kind) } catch {
                throw ConfigurationError("bench sample rejected: \(error)")
            }
        }
        let bytes = events.reduce(0) { $0 + $1.count } / events.count
        var decoded = 0
        var accepted = 0
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUSeconds()
        var elapsed = 0.0
        while elapsed < seconds {
            for event in events {
                if (try? decoder.decode(event, kind: kind)) != nil { accepted += 1 }
            }
            decoded += events.count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
        }
        guard accepted == decoded else { throw ConfigurationError("bench: some samples were rejected") }
        return Measurement(kind: kind, events: decoded, bytesPerEvent: bytes, wallSeconds: elapsed,
                           cpuSeconds: threadCPUSeconds() - cpuStart)
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Realistic events of about 400 bytes, varied (ids, dates, results, areas) so branches are not all alike.
enum DecodeBenchSamples {
    static func events(_ kind: EventKind, count: Int) -> [[UInt8]] {
        let areas = BundledAreas.defaultRegistry.areas.filter { $0.level == "commune" }.map(\.code)
        return (0..<count).map { index in
            let area = areas[index % areas.count]
            let subject = "\(kind.rawValue.prefix(3))-7f3a9c2e-\(String(100_000 + index * 7919))"
            let day = 1 + index % 28
            let dayText = day < 10 ? "0\(day)" : "\(day)"
            let envelope = #"{"eventId":"evt-\#(subject)-r2","schemaVersion":1,"kind":"\#(kind.rawValue)","#
                + #""subjectId":"\#(subject)","revision":\#(1 + index % 3),"#
                + #""recordedAt":"2025-09-\#(dayText)T10:\#(10 + index % 50):03.250+07:00","#
                + #""facilityCode":"BV-\#(area)-01","areaCode":"\#(area)","#
            return Array((envelope + body(kind, index: index, day: dayText) + "}").utf8)
        }
    }

    private static func body(_ kind: EventKind, index: Int, day: String) -> String {
        func pick<T>(_ values: [T]) -> T { values[index % values.count] }
        switch kind {
        case .prenatalScreening:
            let results = ["low_risk", "low_risk", "high_risk", "not_screened"]
            return #""registeredOn":"2025-08-\#(day)","motherBirthYear":\#(1985 + index % 20),"ethnicity":"01","#
                + #""screenings":{"down_syndrome":"\#(pick(results))","edwards_syndrome":"low_risk","#
                + #""patau_syndrome":"low_risk","thalassemia":"\#(results[(index / 3) % 4])"}"#
        case .newbornScreening:
            let results = ["negative", "negative", "positive", "not_screened"]
            return #""birthDate":"2025-09-\#(day)","sex":"\#(pick(["male", "female"]))","#
                + #""birthWeightGrams":\#(2500 + index % 1500),"ethnicity":"01","screenings":{"#
                + #""congenital_hypothyroidism":"\#(pick(results))","g6pd_deficiency":"negative","#
                + #""congenital_adrenal_hyperplasia":"negative","hearing_loss":"\#(results[(index / 5) % 4])"}"#
        case .premaritalCheckup:
            let checkups = ["none", "counseling", "counseling_and_examination"]
            return #""registeredOn":"2025-08-\#(day)","partners":["#
                + #"{"sex":"male","birthDate":"\#(1990 + index % 16)-03-14","checkup":"\#(pick(checkups))"},"#
                + #"{"sex":"female","birthDate":"\#(1992 + index % 16)-11-02","checkup":"\#(checkups[(index / 3) % 3])","#
                + #""ethnicity":"01"}],"consanguineous":\#(index % 50 == 0)"#
        case .elderlyRecord:
            return #""reportingYear":2025,"birthDate":"\#(1930 + index % 35)-05-\#(day)","#
                + #""sex":"\#(pick(["male", "female"]))","hasHealthInsurance":\#(index % 10 != 0),"#
                + #""hasHealthRecord":\#(index % 3 != 0),"checkupsThisYear":\#(index % 4),"#
                + #""careSetting":"\#(pick(["none", "home", "community", "facility"]))","#
                + #""notes":"routine follow-up visit""#
        }
    }
}
