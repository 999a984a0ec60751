import Hummingbird
import Pipeline
import PopStreamCore

/// `GET /api/v1/areas/{code}`: the area, its parent and its children, from the map figures are read on; an
/// area of an earlier map that this map no longer has (a plan area) comes from its own map, with the map's
/// id and the areas that now cover it.
enum AreaRoutes {
    static func add(to router: Router<BasicRequestContext>, view: MapView) {
        let registry = view.map.registry
        router.get("/api/v1/areas/{code}") { request, context in
            _ = try QueryParameters(request, known: [])
            let code = context.parameters.get("code") ?? ""
            if let area = registry.area(code) { return JSONResponse.encoded(AreaDetail(area: area, registry: registry)) }
            guard let plan = PlanArea(code, in: view) else {
                throw APIError.notFound("area \(code): unknown area (not in the area registry)")
            }
            var detail = AreaDetail(area: plan.area, registry: plan.map.registry)
            detail.map = plan.map.id
            detail.spans = plan.cover
            detail.exact = plan.coverExact
            return JSONResponse.encoded(detail)
        }
    }
}

/// The body of `GET /api/v1/areas/{code}`: `{"code","name","level","parent": null | {"code","name","level"},
/// "children": [{"code","name","level"}]}` (keys sorted when written), children in registry order.
struct AreaDetail: Encodable {
    /// An area without its relatives.
    struct Summary: Encodable {
        let code: String
        let name: String
        let level: String

        init(_ area: Area) {
            code = area.code
            name = area.name
            level = area.level
        }
    }

    let code: String
    let name: String
    let level: String
    let parent: Summary?
    let children: [Summary]
    /// For a plan area: its map, the areas of the map read on that cover it, and whether they cover it exactly.
    var map: String?
    var spans: [String]?
    var exact: Bool?

    init(area: Area, registry: AreaRegistry) {
        code = area.code
        name = area.name
        level = area.level
        parent = registry.parent(of: area.code).map(Summary.init)
        children = registry.children(of: area.code).map(Summary.init)
    }

    private enum CodingKeys: String, CodingKey { case code, name, level, parent, children, map, spans, exact }

    /// Writes every key, `"parent": null` for a root.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(level, forKey: .level)
        try container.encode(parent, forKey: .parent)
        try container.encode(children, forKey: .children)
        try container.encodeIfPresent(map, forKey: .map)
        try container.encodeIfPresent(spans, forKey: .spans)
        try container.encodeIfPresent(exact, forKey: .exact)
    }
}
