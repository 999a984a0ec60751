import Pipeline
import PopStreamCore
import Store

/// The rows of a report: rolled-up figures read from the store (``FigureReader``), kept to the query's
/// scope and evaluated (``IndicatorEvaluator``). What `popstream report` prints and `popstream serve`
/// answers on `GET /api/v1/indicators`.
public struct IndicatorReport: Sendable {
    /// Areas, targets and minimums.
    public let deployment: ReportDeployment
    private let reader: FigureReader

    /// A report over `store`, read on the deployment's map.
    public init(store: any StateStore, deployment: ReportDeployment) {
        self.deployment = deployment
        self.reader = FigureReader(store: store, view: deployment.view)
    }

    /// The rows of `query`, sorted by indicator (catalog order), area code and period; rows with no live
    /// unit are left out.
    ///
    /// - Throws: ``StoreError`` when the store fails; ``UnknownAreaError`` when the store holds figures of an
    ///   area this registry does not have.
    public func rows(_ query: ReportQuery) async throws -> [IndicatorRow] {
        let registry = deployment.registry
        if query.isPlanArea, let plan = PlanArea(query.area, in: deployment.view) {
            let figures = try await reader.figures(of: plan, query.counterQuery)
            let rows = deployment.evaluator(of: plan.map)
                .rows(figures.counters.filter { query.includes($0.key, registry: registry) }, approximate: figures.approximate)
            return rows.map { row in
                var row = row
                row.spans = plan.cover
                return row
            }
        }
        let figures = try await reader.figures(query.counterQuery)
        return deployment.evaluator.rows(figures.counters.filter { query.includes($0.key, registry: registry) },
                                         approximate: figures.approximate)
    }
}
