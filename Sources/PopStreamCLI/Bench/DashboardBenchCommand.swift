import ArgumentParser
import Dashboard
import Foundation
import Pipeline
import PopStreamCore
import Reporting
import Store

/// `popstream bench dashboard`: the server time of dashboard pages (HTML and SVG rendered from the store) on
/// the synthetic two-level map (34 provinces, 3,400 communes) with a year of figures for every commune, month
/// and kind, targets on the root and the alerts they raise. Prints one JSON object per page: the median and
/// worst of `--repeats` renders, against the 100 ms limit of issue 13.
struct DashboardBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Benchmark the dashboard's area pages (national, province, commune) on 3,400 communes."
    )

    @Option(name: .long, help: "A sqlite:// store URL to fill (default: a temporary file).")
    var store: String?

    @Option(name: .long, help: "Renders timed per page.")
    var repeats: Int = 21

    static let year = 2026

    /// Targets on the root, so that many areas are at risk or in breach and alerts fire.
    static let targetsJSON = """
        { "plans": [ { "id": "bench", "area": "VN", "targets": [
          { "indicator": "prenatal_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2026, "value": 75 } ] },
          { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2026, "value": 85 } ] },
          { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2026, "value": 109 } ] },
          { "indicator": "premarital_checkup_coverage", "comparator": ">=", "milestones": [ { "year": 2026, "value": 70 } ] },
          { "indicator": "elderly_health_management_coverage", "comparator": ">=", "milestones": [ { "year": 2026, "value": 80 } ] } ] } ] }
        """

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bench-dashboard-\(UUID().uuidString)")
        let url = store ?? "sqlite://" + folder.appendingPathComponent("bench.sqlite").path
        if store == nil { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let map = try SyntheticRegistry.twoLevel()
        let deployment = ReportDeployment(registry: map.registry, mapName: "bench-dashboard",
                                          targets: try TargetSet(json: Self.targetsJSON, registry: map.registry))
        let stateStore = try await StateStoreFactory.open(url: url)
        do {
            let (leafRows, alerts) = try await fill(stateStore, map: map, deployment: deployment)
            // Every render reads the store (`uncached`: a page nobody viewed in the last 10 s, on a server that
            // keeps nothing warm), shares what it read for 2 s as `serve` does (`cached`: a page viewed again), or is
            // the first view of the page on a new dashboard that `serve`'s warmer has warmed (`warmed`).
            let dashboards: [(String, @Sendable () async throws -> Dashboard)] = [
                ("uncached", { Dashboard(store: stateStore, deployment: deployment, freshFor: .zero, usableFor: .zero, currentYear: { Self.year }) }),
                ("cached", { Dashboard(store: stateStore, deployment: deployment, currentYear: { Self.year }) }),
                ("warmed", {
                    let dashboard = Dashboard(store: stateStore, deployment: deployment, currentYear: { Self.year })
                    try await dashboard.warm()
                    return dashboard
                }),
            ]
            let province = map.registry.children(of: "VN").first?.code ?? "01"
            let commune = map.registry.children(of: province).first?.code ?? ""
            for (reads, makeDashboard) in dashboards {
                let shared = try await makeDashboard()
                for (page, code) in [("national", "VN"), ("province", province), ("commune", commune)] {
                    var millis: [Double] = []
                    var bytes = 0
                    for _ in 0..<max(1, repeats) {
                        let dashboard = reads == "warmed" ? try await makeDashboard() : shared
                        let start = ContinuousClock.now
                        let rendered = try await dashboard.area(code, parameters: ["year": String(Self.year)])
                        millis.append((ContinuousClock.now - start).seconds * 1000)
                        bytes = rendered.html.utf8.count
                    }
                    millis.sort()
                    // The reads a page makes, timed alone: the area's year of figures (of which the leaf rows), the firing
                    // alert states.
                    let reader = AreaYearReader(store: stateStore, deployment: deployment)
                    let readStart = ContinuousClock.now
                    _ = try await reader.read(area: code, year: Self.year)
                    let figuresMillis = (ContinuousClock.now - readStart).seconds * 1000
                    let needed = LeafRollup(engine: IndicatorEngine(registry: map.registry))
                        .leavesNeeded(for: CounterQuery(area: code, year: Self.year))
                    let leafStart = ContinuousClock.now
                    _ = try await stateStore.leafCounters(matching: LeafCounterFilter(
                        kinds: Set(needed.kinds.map(\.rawValue)), map: deployment.mapName, areas: needed.areas, periods: needed.periodNumbers))
                    let leafMillis = (ContinuousClock.now - leafStart).seconds * 1000
                    let alertStart = ContinuousClock.now
                    _ = try await stateStore.allAlertStates(onlyFiring: true, messages: false)
                    let alertsMillis = (ContinuousClock.now - alertStart).seconds * 1000
                    BenchOutput.emit([
                        "scenario": "dashboard.page", "page": page, "reads": reads, "area": code,
                        "communes": map.communes.count, "leafRows": leafRows, "firingAlerts": alerts, "htmlBytes": bytes,
                        "medianMillis": BenchOutput.round3(millis[millis.count / 2]),
                        "maxMillis": BenchOutput.round3(millis.last ?? 0), "limitMillis": 100,
                        "figuresReadMillis": BenchOutput.round3(figuresMillis), "leafRowsReadMillis": BenchOutput.round3(leafMillis),
                        "alertStatesReadMillis": BenchOutput.round3(alertsMillis),
                    ])
                }
            }
        } catch {
            await stateStore.close()
            throw error
        }
        await stateStore.close()
    }

    /// Twelve months of leaf rows for every commune and kind (elderly: the year), then the alert rounds.
    private func fill(_ store: any StateStore, map: SyntheticRegistry, deployment: ReportDeployment) async throws -> (Int, Int) {
        var leafRows = 0
        for month in 1...12 {
            var leaves: [LeafCounterDelta] = []
            for (index, commune) in map.communes.enumerated() {
                for kind in EventKind.allCases where kind != .elderlyRecord || month == 1 {
                    let key = LeafKey(kind: kind, area: commune, year: Self.year, month: kind == .elderlyRecord ? nil : month)
                    let units = Int64(8 + (index * 7 + month * 3) % 30)
                    var lanes = [units]
                    for indicator in IndicatorID.indicators(of: kind) {
                        lanes += Self.lanes(indicator, units: units, commune: index, month: month)
                    }
                    if let row = LeafCounterRow(key: StoreKeys.leafKey(key, map: deployment.mapName), lanes: lanes) { leaves.append(row) }
                }
            }
            leafRows += leaves.count
            try await store.commitBatch(BatchCommit(leafCounters: leaves))
        }
        for kind in EventKind.allCases {
            let scope = "bench-" + kind.rawValue
            guard let lease = try await store.acquireLease(scope: scope, holder: "bench", duration: .seconds(600)) else { continue }
            let cycle = AlertCycle(kind: kind, map: deployment.mapName, store: store, evaluator: deployment.evaluator)
            while try await cycle.run(lease: lease).more {}
        }
        return (leafRows, try await store.allAlertStates(onlyFiring: true).count)
    }

    /// Numerator and denominator lanes of `indicator` that vary by commune and month: coverages between 55% and
    /// 98%, rare events a few percent, a sex ratio between 100 and 120.
    private static func lanes(_ indicator: IndicatorID, units: Int64, commune: Int, month: Int) -> [Int64] {
        let spread = Double((commune * 13 + month * 5) % 100) / 100
        switch indicator {
        case .sexRatioAtBirth:
            let female = units / 2
            return [Int64(Double(female) * (1.0 + 0.2 * spread)), female]
        case .prenatalHighRiskRate, .newbornPositiveRate, .childMarriageRate, .childMarriageCount, .consanguineousMarriageRate,
             .consanguineousMarriageCount:
            return [Int64(Double(units) * 0.08 * spread), units]
        default:
            return [Int64(Double(units) * (0.55 + 0.43 * spread)), units]
        }
    }
}
