import Hummingbird

/// The query parameters of a request, checked against the ones an endpoint knows.
struct QueryParameters {
    private let values: [String: String]

    /// The parameters of `request`.
    /// - Throws: ``APIError`` 400 for a parameter the endpoint does not know (a typo would otherwise be ignored).
    init(_ request: Request, known: [String]) throws(APIError) {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let key = String(name)
            guard known.contains(key) else {
                throw APIError.invalidParameter("unknown parameter \(key) (known: \(known.joined(separator: ", ")))")
            }
            values[key] = String(value)
        }
        self.values = values
    }

    /// The value of `name`; `nil` when absent or empty (`?area=` means no area filter).
    subscript(_ name: String) -> String? {
        values[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
