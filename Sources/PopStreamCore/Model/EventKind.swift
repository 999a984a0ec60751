/// The four kinds of health event of the contract, each on its own topic.
public enum EventKind: String, CaseIterable, Hashable, Sendable, Codable {
    case prenatalScreening = "prenatal-screening"
    case newbornScreening = "newborn-screening"
    case premaritalCheckup = "premarital-checkup"
    case elderlyRecord = "elderly-record"

    /// The contract's default input topic for this kind.
    public var defaultTopic: String {
        switch self {
        case .prenatalScreening: "health.prenatal-screening.v1"
        case .newbornScreening: "health.newborn-screening.v1"
        case .premaritalCheckup: "health.premarital-checkup.v1"
        case .elderlyRecord: "health.elderly-record.v1"
        }
    }

    /// The dead-letter topic for an input topic: `<input topic>.dlq`.
    public static func deadLetterTopic(for inputTopic: String) -> String { inputTopic + ".dlq" }
}

/// The contract's alert topic (key = `alertId`).
public let defaultAlertTopic = "indicators.alerts.v1"
