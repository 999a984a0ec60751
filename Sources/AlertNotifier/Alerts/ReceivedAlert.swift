import Foundation
import PopStreamCore

/// One alert message read from the alerts topic: the bytes exactly as received (what webhooks get) and
/// their decoded form (what Alertmanager, the log and the ledger use).
public struct ReceivedAlert: Sendable {
    /// The value of the Kafka message, unchanged.
    public let bytes: [UInt8]
    /// The decoded message.
    public let message: AlertMessage

    /// The (alertId, sequence) pair copies are recognised by.
    public var identity: AlertIdentity { AlertIdentity(alertId: message.alertId, sequence: message.sequence) }

    /// Decodes `bytes` as an alert message of contract section 6.
    /// - Throws: `AlertDecodingError` with a short reason (never the message's content).
    public init(bytes: [UInt8]) throws(AlertDecodingError) {
        let message: AlertMessage
        do {
            message = try JSONDecoder().decode(AlertMessage.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw AlertDecodingError(reason: Self.reason(error))
        } catch {
            throw AlertDecodingError(reason: "not valid JSON")
        }
        guard !message.alertId.isEmpty else { throw AlertDecodingError(reason: "empty alertId") }
        guard message.sequence >= 1 else { throw AlertDecodingError(reason: "sequence below 1") }
        self.bytes = bytes
        self.message = message
    }

    private static func reason(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the message" : text
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(path(context))"
        case .keyNotFound(let key, _):
            return "missing field \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        @unknown default:
            return "not an alert message"
        }
    }
}

/// An alert id and one of its sequence numbers: a transition, which destinations receive once.
public struct AlertIdentity: Hashable, Sendable, CustomStringConvertible {
    /// `indicator|areaCode|period`.
    public let alertId: String
    /// The transition's number.
    public let sequence: Int

    /// A pair.
    public init(alertId: String, sequence: Int) {
        self.alertId = alertId
        self.sequence = sequence
    }

    /// `alertId#sequence`.
    public var description: String { "\(alertId)#\(sequence)" }
}

/// Why a message of the alerts topic could not be read as an alert.
public struct AlertDecodingError: Error, Sendable, CustomStringConvertible {
    /// A short reason, without the message's content.
    public let reason: String
    /// The reason.
    public var description: String { reason }
}
