import Foundation
import Hummingbird
import Store

/// `GET /api/v1/alerts[?status=firing|resolved]`: the current state of every alert id, as the last alert
/// message sent for it (the contract's alert message object, section 6), ordered by alert id. Without
/// `status`, firing and resolved alike.
enum AlertRoutes {
    static func add(to router: Router<BasicRequestContext>, store: any StateStore) {
        router.get("/api/v1/alerts") { request, _ in
            let parameters = try QueryParameters(request, known: ["status"])
            let status = parameters["status"]
            guard status == nil || status == "firing" || status == "resolved" else {
                throw APIError.invalidParameter("status \(status ?? ""): use firing or resolved")
            }
            let states = try await store.allAlertStates(onlyFiring: status == "firing").filter { state in
                status.map { state.status == $0 } ?? true
            }
            return JSONResponse.data(AlertStatesJSON.array(states))
        }
    }
}

/// The JSON array of alert states: each state's last alert message as stored, or, for a state without one
/// (or with one that is not a JSON object), `{"alertId","sequence","severity","since","status"}` (keys sorted).
enum AlertStatesJSON {
    static func array(_ states: [AlertStateRecord]) -> Data {
        var body = Data("[".utf8)
        for (index, state) in states.enumerated() {
            if index > 0 { body.append(contentsOf: ",".utf8) }
            body.append(object(state))
        }
        body.append(contentsOf: "]".utf8)
        return body
    }

    private static func object(_ state: AlertStateRecord) -> Data {
        if let message = state.lastMessage, (try? JSONSerialization.jsonObject(with: message)) is [String: Any] {
            return message
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let summary = Summary(alertId: state.alertId, sequence: state.sequence, status: state.status, severity: state.severity,
                              since: state.since)
        return (try? encoder.encode(summary)) ?? Data("{}".utf8)
    }

    private struct Summary: Encodable {
        let alertId: String
        let sequence: Int64
        let status: String
        let severity: String?
        let since: String

        private enum CodingKeys: String, CodingKey { case alertId, sequence, status, severity, since }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(alertId, forKey: .alertId)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(status, forKey: .status)
            try container.encode(severity, forKey: .severity)
            try container.encode(since, forKey: .since)
        }
    }
}
