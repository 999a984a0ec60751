import Hummingbird
import PopStreamCore

/// `GET /api/v1/areas/{code}`: the area, its parent and its children, from the area registry in use.
enum AreaRoutes {
    static func add(to router: Router<BasicRequestContext>, registry: AreaRegistry) {
        router.get("/api/v1/areas/{code}") { request, context in
            _ = try QueryParameters(request, known: [])
            let code = context.parameters.get("code") ?? ""
            guard let area = registry.area(code) else {
                throw APIError.notFound("area \(code): unknown area (not in the area registry)")
            }
            return JSONResponse.encoded(AreaDetail(area: area, registry: registry))
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

    init(area: Area, registry: AreaRegistry) {
        code = area.code
        name = area.name
        level = area.level
        parent = registry.parent(of: area.code).map(Summary.init)
        children = registry.children(of: area.code).map(Summary.init)
    }

    private enum CodingKeys: String, CodingKey { case code, name, level, parent, children }

    /// Writes every key, `"parent": null` for a root.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(level, forKey: .level)
        try container.encode(parent, forKey: .parent)
        try container.encode(children, forKey: .children)
    }
}
