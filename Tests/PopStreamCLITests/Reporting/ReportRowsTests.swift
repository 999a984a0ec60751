import Foundation
import PopStreamCore
import Reporting
import Testing

/// The rows of `popstream report` read from a filled store (SQLite, and PostgreSQL when configured): the JSON
/// objects of the interfaces spec field by field, and every filter and default.
@Suite("Report rows from the store")
struct ReportRowsTests {
    static func query(area: String? = nil, level: String? = nil, period: String? = nil, indicator: String? = nil) throws -> ReportQuery {
        try ReportQuery.resolve(area: area, level: level, period: period, indicator: indicator, registry: ReportFixtures.registry())
    }

    /// The rows of `query` as JSON objects (what `--format json` prints).
    static func objects(_ fixture: ReportStoreFixture, _ query: ReportQuery) async throws -> [[String: Any]] {
        let data = ReportJSON.data(try await fixture.report.rows(query))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    static func object(_ objects: [[String: Any]], area: String) throws -> [String: Any] {
        try #require(objects.first { $0["area"] as? String == area })
    }

    @Test("a proportion row: every key of the spec, in order, with the stored counts, Wilson bounds, target and status",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func proportionRow(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            let query = try Self.query(period: "2025", indicator: "newborn_screening_coverage")
            let text = ReportJSON.text(try await fixture.report.rows(query))
            let keys = ["indicator", "area", "areaName", "level", "period", "numerator", "denominator", "value", "lower", "upper",
                        "unit", "target", "status"]
            let positions = try keys.map { key in try #require(text.range(of: "\"\(key)\":")?.lowerBound, "\(key) missing") }
            #expect(positions == positions.sorted(), "keys in the spec's order")

            let objects = try await Self.objects(fixture, query)
            #expect(objects.map { $0["area"] as? String } == ["01", "VN"])
            let national = try Self.object(objects, area: "VN")
            #expect(Set(national.keys) == Set(keys))
            #expect(national["indicator"] as? String == "newborn_screening_coverage")
            #expect(national["areaName"] as? String == "Việt Nam")
            #expect(national["level"] as? String == "national")
            #expect(national["period"] as? String == "2025")
            #expect(national["numerator"] as? Int == 40)
            #expect(national["denominator"] as? Int == 50)
            #expect(national["value"] as? Double == 80)
            let interval = ReportFixtures.wilson(40, 50)
            #expect(abs(try #require(national["lower"] as? Double) - interval.lower) < 1e-9)
            #expect(abs(try #require(national["upper"] as? Double) - interval.upper) < 1e-9)
            #expect(national["unit"] as? String == "%")
            let target = try #require(national["target"] as? [String: Any])
            #expect(target["comparator"] as? String == ">=" && target["value"] as? Double == 70)
            #expect(national["status"] as? String == "ok")
        }
    }

    @Test("a district's own target, inherited by its communes; at_risk when only the value misses it",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func districtTarget(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            let objects = try await Self.objects(fixture, try Self.query(area: "011", period: "2025", indicator: "newborn_screening_coverage"))
            #expect(objects.map { $0["area"] as? String } == ["011", "01101"])
            for object in objects {
                #expect(object["numerator"] as? Int == 30 && object["denominator"] as? Int == 40)
                #expect(object["value"] as? Double == 75)
                #expect((object["target"] as? [String: Any])?["value"] as? Double == 80)
                #expect(object["status"] as? String == "at_risk")
            }
            // District 012: 10 of 10, below the minimum of 30 births.
            let other = try await Self.objects(fixture, try Self.query(area: "012", level: "district", period: "2025",
                                                                        indicator: "newborn_screening_coverage"))
            #expect(other.count == 1 && other.first?["status"] as? String == "insufficient_data")
            #expect(other.first?["value"] as? Double == 100 && other.first?["upper"] as? Double == 100)
        }
    }

    @Test("a count row has no denominator nor interval; the sex ratio's interval is mapped; a target interpolated from the baseline",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func countRatioAndInterpolatedRows(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            let count = try Self.object(try await Self.objects(fixture, try Self.query(period: "2025", indicator: "child_marriage_count")),
                                        area: "VN")
            #expect(count["numerator"] as? Int == 1 && count["value"] as? Double == 1)
            #expect(count["denominator"] is NSNull && count["lower"] is NSNull && count["upper"] is NSNull)
            #expect(count["unit"] as? String == "count")
            let allowed = try #require(count["target"] as? [String: Any])
            #expect(allowed["comparator"] as? String == "<=" && allowed["value"] as? Double == 5)
            #expect(count["status"] as? String == "ok")

            let quarter = try await Self.objects(fixture, try Self.query(period: "2025-Q2", indicator: "child_marriage_count"))
            #expect(quarter.allSatisfy { $0["target"] is NSNull && $0["status"] as? String == "no_target" })
            #expect(!quarter.isEmpty)

            let ratio = try Self.object(try await Self.objects(fixture, try Self.query(period: "2025", indicator: "sex_ratio_at_birth")),
                                        area: "VN")
            #expect(ratio["numerator"] as? Int == 27 && ratio["denominator"] as? Int == 23)
            #expect(abs(try #require(ratio["value"] as? Double) - 100.0 * 27 / 23) < 1e-9)
            let share = ReportFixtures.wilson(27, 50)
            let mapped = (lower: share.lower / (100 - share.lower) * 100, upper: share.upper / (100 - share.upper) * 100)
            #expect(abs(try #require(ratio["lower"] as? Double) - mapped.lower) < 1e-9)
            #expect(abs(try #require(ratio["upper"] as? Double) - mapped.upper) < 1e-9)
            #expect(ratio["unit"] as? String == "boys per 100 girls")
            #expect(ratio["status"] as? String == "insufficient_data")

            // 2024 lies between the baseline (2017: 10) and 2025 (70): 10 + 60 * 7/8 = 62.5.
            let earlier = try Self.object(try await Self.objects(fixture, try Self.query(area: "02", level: "province", period: "2024",
                                                                                          indicator: "newborn_screening_coverage")), area: "02")
            #expect((earlier["target"] as? [String: Any])?["value"] as? Double == 62.5)
            #expect(earlier["numerator"] as? Int == 6 && earlier["status"] as? String == "insufficient_data")
        }
    }

    @Test("defaults: the root and its children, yearly rows of every year, every indicator",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func defaults(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            let rows = try await fixture.report.rows(try Self.query())
            #expect(Set(rows.map(\.area)) == ["VN", "01", "02"])
            #expect(Set(rows.map(\.period.description)) == ["2024", "2025"])
            #expect(Set(rows.map(\.indicator)) == Set(IndicatorID.allCases.filter { $0.kind != .prenatalScreening }))
            #expect(rows.map(\.key) == rows.map(\.key).sorted(), "sorted by indicator, area, period")
            // 12 indicators (no prenatal events) for VN and 01 in 2025; newborn's 3 for VN and 02 in 2024.
            #expect(rows.count == 30)
        }
    }

    @Test("filters: a level within an area, an area and its children, an area alone, a quarter, a month, an indicator",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func filters(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            func areas(_ query: ReportQuery) async throws -> Set<String> { Set(try await fixture.report.rows(query).map(\.area)) }
            #expect(try await areas(try Self.query(area: "01", level: "commune")) == ["01101", "01102", "01201"])
            #expect(try await areas(try Self.query(area: "011")) == ["011", "01101", "01102"])
            #expect(try await areas(try Self.query(area: "011", level: "district")) == ["011"])
            #expect(try await areas(try Self.query(area: "01201")) == ["01201"])
            #expect(try await areas(try Self.query(level: "province")) == ["01", "02"])

            let quarter = try await fixture.report.rows(try Self.query(period: "2025-Q1"))
            #expect(Set(quarter.map(\.period.description)) == ["2025-Q1"])
            #expect(Set(quarter.map(\.indicator.kind)) == [.newbornScreening], "births of March only; elderly rows are yearly")
            #expect(Set(quarter.map(\.area)) == ["VN", "01"])
            let month = try await fixture.report.rows(try Self.query(area: "01101", period: "2025-03", indicator: "newborn_positive_rate"))
            #expect(month.map(\.period.description) == ["2025-03"])
            #expect(month.first?.numerator == 2 && month.first?.denominator == 40)
            #expect(try await fixture.report.rows(try Self.query(period: "2025-07")).isEmpty)

            let elderly = try await fixture.report.rows(try Self.query(indicator: "elderly_annual_checkup_coverage"))
            #expect(Set(elderly.map(\.indicator)) == [.elderlyAnnualCheckupCoverage])
            #expect(elderly.map(\.area) == ["01", "VN"] && elderly.allSatisfy { $0.numerator == 2 && $0.denominator == 3 })
        }
    }

    @Test("a filter that names nothing is refused, naming the filter", .timeLimit(.minutes(3)))
    func invalidFilters() throws {
        let registry = try ReportFixtures.registry()
        func error(area: String? = nil, level: String? = nil, period: String? = nil, indicator: String? = nil) -> ReportQueryError? {
            do throws(ReportQueryError) {
                _ = try ReportQuery.resolve(area: area, level: level, period: period, indicator: indicator, registry: registry)
                return nil
            } catch {
                return error
            }
        }
        #expect(error(area: "99")?.parameter == .area)
        #expect(error(area: "99")?.commandLineMessage == "--area 99: unknown area (not in the area registry)")
        #expect(error(level: "ward")?.parameter == .level)
        #expect(error(level: "ward")?.problem.contains("national, province, district, commune") == true)
        #expect(error(area: "011", level: "province")?.commandLineMessage == "--level province: no area at this level within area 011")
        for period in ["2025-13", "25", "2025-Q5", "2025-3", "2025Q1", ""] {
            #expect(error(period: period)?.parameter == .period, "\(period)")
        }
        #expect(error(indicator: "births")?.parameter == .indicator)
        #expect(error(indicator: "births")?.parameterMessage.hasPrefix("indicator births: unknown indicator (one of prenatal_screening_coverage") == true)
        #expect(error(area: "011", level: "commune", period: "2025-Q4", indicator: "sex_ratio_at_birth") == nil)
    }
}
