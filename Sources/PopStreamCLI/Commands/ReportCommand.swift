import ArgumentParser
import Foundation
import Logging
import PopStreamCore
import Reporting

/// `popstream report`: the current indicators from the store, as a table, CSV, JSON or a markdown report
/// (docs/reports.md). Exit status: 0 printed (even when nothing matched), 1 the store cannot be opened or
/// read, 2 a bad option (one line naming it).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the current indicators of an area, its children or its areas at a level.",
        discussion: """
            Without --area: the root of the map (VN). Without --level: the area itself and its direct children \
            (a district and its communes); with --level: every area at that level within --area (the area's own \
            level shows the area alone). Without --period: the yearly rows of every year with figures; \
            name a quarter (2025-Q1) or a month (2025-03) to see it. Without --indicator: every indicator.
            Exit status: 0 printed, 1 the store cannot be opened or read, 2 bad options.
            """
    )

    @OptionGroup var source: ReportingOptions

    @Option(help: "Area code (default: the map's root, VN).")
    var area: String?

    @Option(help: "Only the areas at this level within --area (e.g. province, district, commune).")
    var level: String?

    @Option(help: "Period: YYYY, YYYY-Qn or YYYY-MM (default: every year).")
    var period: String?

    @Option(help: "Only this indicator id (e.g. newborn_screening_coverage).")
    var indicator: String?

    @Option(help: "Output: table, csv, json or markdown.")
    var format = ReportFormat.table.rawValue

    @Option(help: "Language of labels and names: vi or en.")
    var lang = ReportLanguage.vi.rawValue

    func run() async throws {
        guard let outputFormat = ReportFormat(rawValue: format) else {
            throw ConfigurationError("--format \(format): use \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let language = ReportLanguage(rawValue: lang) else {
            throw ConfigurationError("--lang \(lang): use \(ReportLanguage.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        let url = try source.storeURL()
        let deployment = try source.deployment()
        let query: ReportQuery
        do throws(ReportQueryError) {
            query = try ReportQuery.resolve(area: area, level: level, period: period, indicator: indicator, view: deployment.view)
        } catch {
            throw ConfigurationError(error.commandLineMessage)
        }
        let logger = Logger(label: "popstream.report", factory: { StreamLogHandler.standardError(label: $0) })
        do {
            let store = try await source.openStore(url, mustExist: true, logger: logger)
            let rows: [IndicatorRow]
            do {
                rows = try await IndicatorReport(store: store, deployment: deployment).rows(query)
            } catch {
                await store.close()
                throw RuntimeFailure("cannot read the figures: \(error)")
            }
            await store.close()
            let text = ReportRenderer(deployment: deployment, language: language).render(rows, query: query, format: outputFormat)
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch let failure as RuntimeFailure {
            throw failure.exit()
        }
    }
}
