import Foundation
import Pipeline
import Reporting
import PopStreamCore
import Store
import Testing

/// The area maps as an operator meets them: `report` on either map, a plan area, the exact flag in every
/// format, `--map` and `--areas` manifests, run through the built binary over a store the workers' path wrote.
@Suite("popstream report on area maps over time")
struct AreaMapsCommandTests {
    static let maps = BundledAreas.mapSet

    /// A SQLite store holding newborns of 2024 (old map) and 2026 (new map) in and around Bạch Thông.
    static func withStore(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-maps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let store = try await StateStoreFactory.open(.sqlite(path: path))
        var events: [HealthEvent] = []
        for (index, area) in ["01849", "01969", "01981", "02008", "02014"].enumerated() {
            for birth in 0..<8 { events.append(try newborn("n\(index)-\(birth)", area: area, born: "2026-03-0\(1 + birth)", screened: birth > 1)) }
        }
        for birth in 0..<6 { events.append(try newborn("o\(birth)", area: "01969", born: "2024-04-0\(1 + birth)", screened: true)) }
        events.append(try newborn("split", area: try splitCommune().old, born: "2025-05-05", screened: true))
        let partition = TopicPartition(topic: "health.newborn-screening.v1", partition: 0)
        do {
            let claim = try #require(try await store.claimPartitions(group: "g", partitions: [partition]).first)
            var window = CommitWindowBuilder(maps: maps, defaultMap: BundledAreas.twoLevel2025Name, group: "g")
            try await window.load(units: events.map(\.unitKey), from: store)
            for event in events { try window.apply(event) }
            window.consumed(partition, epoch: claim.epoch, from: claim.nextOffset, through: Int64(events.count - 1),
                            messages: events.count, bytes: 0)
            try await store.commitBatch(window.commit())
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        try await body("sqlite://" + path)
    }

    static func newborn(_ subject: String, area: String, born: String, screened: Bool) throws -> HealthEvent {
        let results = NewbornScreeningResults(Dictionary(uniqueKeysWithValues: NewbornCondition.allCases.map { ($0, screened ? NewbornResult.negative : .notScreened) }))
        let envelope = EventEnvelope(eventId: subject, kind: .newbornScreening, subjectId: subject, revision: 1,
                                     recordedAt: 1_790_000_000, facilityCode: "BV-01", areaCode: area)
        let event = HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(birthDate: try #require(LocalDate(born)), sex: .male,
                                                                                    screenings: results)))
        return try EventDecoder(maps: maps).decode(event.jsonText(), kind: .newbornScreening)
    }

    /// An old commune of Thái Nguyên that was split, and the new communes it went into.
    static func splitCommune() throws -> (old: String, new: [String]) {
        let crosswalk = BundledAreas.crosswalk2025
        let old = try #require(crosswalk.entries.first {
            $0.part == .partial && BundledAreas.threeLevel2025.ancestors(of: $0.oldCode).contains { $0.code == "19" }
        }).oldCode
        return (old, crosswalk.entries(forOldCode: old).map(\.newCode))
    }

    static func report(_ arguments: [String]) async throws -> Subprocess.Output {
        try await Subprocess.run(try Subprocess.popstreamURL(), ["report"] + arguments, timeout: 60)
    }

    static func objects(_ output: Subprocess.Output) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
    }

    @Test("a plan area of the old map: its old name, the new communes covering it, approximate in json, csv and table",
          .timeLimit(.minutes(2)))
    func planArea() async throws {
        try await Self.withStore { store in
            let filters = ["--store", store, "--area", "063", "--period", "2026", "--indicator", "newborn_screening_coverage"]
            let json = try await Self.report(filters + ["--format", "json"])
            #expect(json.status == 0, "\(json.stderr)")
            let row = try #require(try Self.objects(json).first)
            #expect(row["areaName"] as? String == "Huyện Bạch Thông")
            #expect(row["numerator"] as? Int == 30 && row["denominator"] as? Int == 40)
            #expect(row["exact"] as? Bool == false)
            #expect(row["spans"] as? [String] == ["01849", "01969", "01981", "02008", "02014"])
            let target = try #require(row["target"] as? [String: Any])
            #expect(target["value"] as? Double == 74)

            let csv = try await Self.report(filters + ["--format", "csv"])
            #expect(csv.stdout.split(separator: "\n").first?.hasSuffix(",status,exact") == true)
            #expect(csv.stdout.split(separator: "\n").last?.hasSuffix(",false") == true)

            let table = try await Self.report(filters + ["--lang", "en"])
            #expect(table.stdout.contains("≈ 75.00"))
            #expect(table.stdout.contains("Huyện Bạch Thông is an area of an earlier map"))
            #expect(table.stdout.contains("Xã Phủ Thông (01969)"))
        }
    }

    @Test("the same code on either map: 2024 in old Phủ Thông town exactly, 2026 in new Phủ Thông", .timeLimit(.minutes(2)))
    func eitherMap() async throws {
        try await Self.withStore { store in
            let old = try await Self.report(["--store", store, "--map", BundledAreas.threeLevel2025Name, "--area", "063",
                                             "--level", "district", "--period", "2024", "--format", "json"])
            #expect(old.status == 0, "\(old.stderr)")
            let district = try #require(try Self.objects(old).first { $0["indicator"] as? String == "newborn_screening_coverage" })
            #expect(district["denominator"] as? Int == 6 && district["exact"] == nil && district["areaName"] as? String == "Huyện Bạch Thông")
            // On the new map (the default), the 2024 births are carried into new Phủ Thông, exactly.
            let new = try await Self.report(["--store", store, "--area", "01969", "--period", "2024", "--format", "json",
                                             "--indicator", "newborn_screening_coverage"])
            let commune = try #require(try Self.objects(new).first { $0["area"] as? String == "01969" })
            #expect(commune["areaName"] as? String == "Xã Phủ Thông" && commune["denominator"] as? Int == 6 && commune["exact"] == nil)
        }
    }

    @Test("--map and --areas mistakes exit 2 with one line; a manifest adds a map of one's own", .timeLimit(.minutes(2)))
    func options() async throws {
        let unknown = try await Self.report(["--store", "sqlite:///nonexistent/x.sqlite", "--map", "v9"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--map v9: not one of the area maps (three-level-2025-03, two-level-2025-07)"))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("code,name,level,parentCode\nVN,Việt Nam,national,\n90,Tỉnh Mới,province,VN\n90001,Xã Một,commune,90\n".utf8)
            .write(to: directory.appendingPathComponent("new.csv"))
        try Data("oldCode,newCode,part\n00004,90001,full\n".utf8).write(to: directory.appendingPathComponent("to-2027.csv"))
        let manifest = """
            { "maps": [ { "id": "two-level-2025-07", "firstDay": "2025-07-01", "areas": "bundled" },
                        { "id": "custom-2027", "firstDay": "2027-01-01", "areas": "new.csv" } ],
              "crosswalks": [ { "from": "two-level-2025-07", "to": "custom-2027", "file": "to-2027.csv" } ] }
            """
        let manifestURL = directory.appendingPathComponent("maps.json")
        try Data(manifest.utf8).write(to: manifestURL)
        let events = directory.appendingPathComponent("events.jsonl")
        let line = { (area: String, date: String) in
            #"{"eventId":"e-\#(area)","schemaVersion":1,"kind":"newborn-screening","subjectId":"s-\#(area)","revision":1,"recordedAt":"2027-02-01T08:00:00+07:00","facilityCode":"BV","areaCode":"\#(area)","birthDate":"\#(date)","sex":"male","screenings":{}}"#
        }
        try Data((line("90001", "2027-01-05") + "\n" + line("00004", "2027-01-05") + "\n" + line("00004", "2026-12-31") + "\n").utf8).write(to: events)
        let validated = try await Subprocess.run(try Subprocess.popstreamURL(),
                                                 ["validate", "--kind", "newborn", "--file", events.path, "--areas", manifestURL.path])
        #expect(validated.stdout == "2: unknown_area: areaCode: \"00004\" is not in the area map custom-2027\nchecked 3 lines: 2 valid, 1 rejected\n")

        try Data("oldCode,newCode,part\n00004,99999,full\n".utf8).write(to: directory.appendingPathComponent("to-2027.csv"))
        let broken = try await Subprocess.run(try Subprocess.popstreamURL(),
                                              ["validate", "--kind", "newborn", "--file", events.path, "--areas", manifestURL.path])
        #expect(broken.status == 2)
        #expect(broken.stderr == "popstream: --areas \(manifestURL.path): crosswalk two-level-2025-07 -> custom-2027: 99999 is not a lowest-level area of custom-2027\n")
    }

    @Test("the API and the dashboard: a plan area's detail and rows, approximate rows marked on the page", .timeLimit(.minutes(2)))
    func apiAndDashboard() async throws {
        try await Self.withStore { url in
            let store = try await StateStoreFactory.open(url: url)
            let view = try #require(MapView(maps: Self.maps, on: BundledAreas.twoLevel2025Name))
            var targets: [String: TargetSet] = [:]
            for map in Self.maps.maps {
                let bundled: TargetSet = try #require(try BundledTargets.targets(named: map.id, registry: map.registry))
                targets[map.id] = bundled
            }
            let report = IndicatorReport(store: store, deployment: ReportDeployment(view: view, targets: targets))
            do {
                try await APIServerHarness.with(report: report, store: store) { server in
                    let area = try await server.get("/api/v1/areas/063")
                    #expect(area.status == 200)
                    let detail = try #require(try JSONSerialization.jsonObject(with: Data(area.body.utf8)) as? [String: Any])
                    #expect(detail["name"] as? String == "Huyện Bạch Thông" && detail["map"] as? String == BundledAreas.threeLevel2025Name)
                    #expect(detail["spans"] as? [String] == ["01849", "01969", "01981", "02008", "02014"] && detail["exact"] as? Bool == false)
                    #expect((detail["children"] as? [Any])?.count == 14)

                    let rows = try await server.get("/api/v1/indicators?area=063&period=2026&indicator=newborn_screening_coverage")
                    let row = try #require((try JSONSerialization.jsonObject(with: Data(rows.body.utf8)) as? [[String: Any]])?.first)
                    #expect(row["exact"] as? Bool == false && row["denominator"] as? Int == 40)
                    #expect(try await server.get("/api/v1/indicators?area=063&level=commune").status == 404)

                    let (_, destinations) = try Self.splitCommune()
                    let page = try await server.get("/areas/\(destinations[0])?year=2025")
                    #expect(page.status == 200)
                    #expect(page.body.contains("data-exact=\"false\""))
                    #expect(page.body.contains("≈ 100,00 %"))
                    #expect(page.body.contains("class=\"approximate-note\""))
                    let province = try await server.get("/areas/19?year=2025")
                    #expect(!(try #require(DashboardHTML.indicator(province.body, "newborn_screening_coverage"))).contains("data-exact"))
                }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
