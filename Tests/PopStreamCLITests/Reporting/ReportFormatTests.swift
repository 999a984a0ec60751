import Foundation
import PopStreamCore
import Testing
@testable import Reporting

/// The human-readable formats of `popstream report` against golden texts, and the CSV lines.
@Suite("Report formats")
struct ReportFormatTests {
    static func render(_ fixture: ReportStoreFixture, _ format: ReportFormat, language: ReportLanguage = .vi, area: String? = nil,
                       level: String? = nil, period: String? = nil, indicator: String? = nil) async throws -> String {
        let query = try ReportQuery.resolve(area: area, level: level, period: period, indicator: indicator,
                                            registry: fixture.deployment.registry)
        let rows = try await fixture.report.rows(query)
        return ReportRenderer(deployment: fixture.deployment, language: language).render(rows, query: query, format: format)
    }

    @Test("table: aligned columns, Vietnamese labels and decimal commas by default, English with --lang en, problems marked",
          .timeLimit(.minutes(3)))
    func table() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let vietnamese = try await Self.render(fixture, .table, period: "2025", indicator: "newborn_screening_coverage")
            #expect(vietnamese == """
                Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất (%)
                  Địa bàn        Kỳ    Giá trị  KTC 95%      Tử số/Mẫu số  Chỉ tiêu  Trạng thái
                  Tỉnh Một (01)  2025    80,00  66,96–88,76         40/50  ≥ 70         Đạt
                  Việt Nam (VN)  2025    80,00  66,96–88,76         40/50  ≥ 70         Đạt

                """)
            let english = try await Self.render(fixture, .table, language: .en, area: "011", period: "2025-Q1",
                                                indicator: "newborn_screening_coverage")
            #expect(english == """
                Newborns screened for at least the 5 most common congenital conditions (%)
                  Area                 Period   Value  95% CI       Num./Den.  Target  Status
                  Huyện Một Một (011)  2025-Q1  75.00  59.81–85.81      30/40  ≥ 80    !  At risk
                  Xã A (01101)         2025-Q1  75.00  59.81–85.81      30/40  ≥ 80    !  At risk

                """)
            let blocks = try await Self.render(fixture, .table, language: .en, area: "011", level: "district", period: "2025")
            #expect(blocks.contains("\nSex ratio at birth (boys per 100 girls)\n"), "the ratio's name states its unit once")
            #expect(blocks.contains("\nNumber of child marriages (couples)\n"))
            #expect(blocks.contains("  Huyện Một Một (011)  2025         1  —                     1  ≤ 5        OK\n"))
            #expect(try await Self.render(fixture, .table, period: "2031") == "Không có số liệu cho truy vấn này.\n")
        }
    }

    @Test("markdown: the plans' shape, one section per area and period with baseline, target, value and status",
          .timeLimit(.minutes(3)))
    func markdown() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let district = try await Self.render(fixture, .markdown, area: "011", period: "2025", indicator: "child_marriage_count")
            #expect(district == """
                # Báo cáo chỉ số dân số: Huyện Một Một (011)

                Kỳ: 2025

                ## Huyện Một Một (011), 2025

                | Chỉ số | Đơn vị | Cơ sở | Chỉ tiêu | Hiện tại | Trạng thái |
                |---|---|---|---|---|---|
                | Số cặp tảo hôn | số cặp | 10 (2020) | ≤ 5 | 1 | Đạt |

                ## Xã B (01102), 2025

                | Chỉ số | Đơn vị | Cơ sở | Chỉ tiêu | Hiện tại | Trạng thái |
                |---|---|---|---|---|---|
                | Số cặp tảo hôn | số cặp | 10 (2020) | ≤ 5 | 1 | Đạt |

                """)
            let province = try await Self.render(fixture, .markdown, language: .en, area: "02")
            #expect(province == """
                # Population indicators report: Tỉnh Hai (02)

                Period: every year with figures

                ## Tỉnh Hai (02), 2024

                | Indicator | Unit | Baseline | Target | Current value | Status |
                |---|---|---|---|---|---|
                | Newborns screened for at least the 5 most common congenital conditions | % | 10 (2017) | ≥ 62.5 | 100.00 (60.97–100.00; 6/6) | Insufficient data |
                | Screened newborns with a positive screening result | % | — | — | 0.00 (0.00–39.03; 0/6) | No target |
                | Sex ratio at birth (boys per 100 girls) | boys per 100 girls | — | < 110 | 100.00 (23.09–433.00; 3/3) | Insufficient data |

                ## Huyện Hai Một (021), 2024

                | Indicator | Unit | Baseline | Target | Current value | Status |
                |---|---|---|---|---|---|
                | Newborns screened for at least the 5 most common congenital conditions | % | 10 (2017) | ≥ 62.5 | 100.00 (60.97–100.00; 6/6) | Insufficient data |
                | Screened newborns with a positive screening result | % | — | — | 0.00 (0.00–39.03; 0/6) | No target |
                | Sex ratio at birth (boys per 100 girls) | boys per 100 girls | — | < 110 | 100.00 (23.09–433.00; 3/3) | Insufficient data |

                """)
            let full = try await Self.render(fixture, .markdown, area: "011", period: "2025")
            #expect(full.components(separatedBy: "\n## ").count == 4, "the district and its two communes")
            #expect(full.contains("| Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất | % | — | ≥ 80 | 75,00 (59,81–85,81; 30/40) | Có nguy cơ |"))
            #expect(full.contains("| Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái) | bé trai/100 bé gái | — | < 110 | 122,22 (66,19–225,68; 22/18) | Chưa đủ dữ liệu |"))
            let empty = try await Self.render(fixture, .markdown, language: .en, period: "2031")
            #expect(empty == "# Population indicators report: Việt Nam (VN)\n\nPeriod: 2031\n\n_No figures for this query._\n")
        }
    }

    @Test("csv: a header, the JSON fields unrounded, empty fields for nulls, the target split in two", .timeLimit(.minutes(3)))
    func csv() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let header = "indicator,indicatorName,area,areaName,level,period,numerator,denominator,value,lower,upper,unit,"
                + "targetComparator,targetValue,status,exact\n"
            let proportion = try await Self.render(fixture, .csv, area: "011", period: "2025", indicator: "newborn_screening_coverage")
            let interval = ReportFixtures.wilson(30, 40)
            #expect(proportion == header + """
                newborn_screening_coverage,Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất,011,Huyện Một Một,district,2025,30,40,75.0,59.806038579231966,85.8128813609037,%,>=,80.0,at_risk,true
                newborn_screening_coverage,Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất,01101,Xã A,commune,2025,30,40,75.0,59.806038579231966,85.8128813609037,%,>=,80.0,at_risk,true

                """)
            let lower = try #require(Double(proportion.split(separator: "\n")[1].split(separator: ",")[9]))
            #expect(abs(lower - interval.lower) < 1e-9)
            let count = try await Self.render(fixture, .csv, language: .en, area: "011", level: "district", period: "2025",
                                              indicator: "child_marriage_count")
            #expect(count == header + "child_marriage_count,Number of child marriages,011,Huyện Một Một,district,2025,1,,1.0,,,count,<=,5.0,ok,true\n")
            #expect(try await Self.render(fixture, .csv, period: "2031") == header)
            #expect(CSVReport.quoted(#"Xã "A", B"#) == #""Xã ""A"", B""#)
            #expect(CSVReport.quoted("plain") == "plain")
        }
    }

    @Test("numbers for people: rounded half away from zero, decimal comma in Vietnamese, trailing zeros dropped in targets",
          .timeLimit(.minutes(3)))
    func numberText() {
        #expect(NumberText.fixed(61.4, language: .vi) == "61,40")
        #expect(NumberText.fixed(61.4, language: .en) == "61.40")
        #expect(NumberText.fixed(0.005, language: .en) == "0.01")
        #expect(NumberText.fixed(-2.345, language: .en) == "-2.35")
        #expect(NumberText.fixed(-0.001, language: .en) == "0.00")
        #expect(NumberText.fixed(1e-7, language: .en) == "0.00")
        #expect(NumberText.trimmed(70, language: .vi) == "70")
        #expect(NumberText.trimmed(17.034_615, language: .vi) == "17,03")
        #expect(NumberText.trimmed(0.31, language: .vi) == "0,31")
        #expect(NumberText.trimmed(62.5, language: .en) == "62.5")
        #expect(NumberText.integer(6) == "6")
    }
}
