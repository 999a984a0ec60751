import Hummingbird
import Reporting

/// `GET /api/v1/indicators?area=&period=&indicator=&level=`: the rows `popstream report --format json` prints
/// for the same filters, byte for byte.
enum IndicatorRoutes {
    static func add(to router: Router<BasicRequestContext>, report: IndicatorReport) {
        router.get("/api/v1/indicators") { request, _ in
            let parameters = try QueryParameters(request, known: ReportParameter.allCases.map(\.rawValue))
            let query: ReportQuery
            do throws(ReportQueryError) {
                query = try ReportQuery.resolve(area: parameters["area"], level: parameters["level"], period: parameters["period"],
                                                indicator: parameters["indicator"], view: report.deployment.view)
            } catch {
                // A well-formed area or level that the registry does not have names nothing: 404, like an
                // unknown area in /api/v1/areas/{code}. A malformed value is a 400.
                switch error.parameter {
                case .area, .level: throw APIError.notFound(error.parameterMessage)
                default: throw APIError.invalidParameter(error)
                }
            }
            return JSONResponse.data(ReportJSON.data(try await report.rows(query)))
        }
    }
}
