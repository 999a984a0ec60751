/// The fields of an alert message (contract section 7) that a worker's log line and metrics show, read from
/// the message's bytes with the events' parser: a worker logs every alert it publishes, thousands per round
/// after a backlog, and keeps them as bytes in its outbox.
public struct AlertLogFields: Sendable, Equatable {
    /// `firing` or `resolved`.
    public var status: String
    /// `warning` or `critical`.
    public var severity: String
    /// The value as written in the message (`61.4`, `null`).
    public var value: String
    /// `comparator value` of the target (`>= 70`), or nil without a target.
    public var target: String?

    public init(status: String, severity: String, value: String, target: String?) {
        self.status = status
        self.severity = severity
        self.value = value
        self.target = target
    }

    /// The fields of the message in `bytes`, or nil when they are not valid JSON, not an object, or lack a
    /// string `status` or `severity`.
    public static func parse(_ bytes: some Collection<UInt8>) -> AlertLogFields? {
        let copy = ContiguousArray(bytes)
        return copy.withUnsafeBufferPointer { buffer in
            guard let document = try? JSONParser.parse(buffer), document.kind(document.root) == .object else { return nil }
            var status: String?
            var severity: String?
            var value = "null"
            var target: String?
            for (key, node) in document.members(of: document.root) {
                if document.stringEquals(key, Keys.status), document.kind(node) == .string {
                    status = document.string(node)
                } else if document.stringEquals(key, Keys.severity), document.kind(node) == .string {
                    severity = document.string(node)
                } else if document.stringEquals(key, Keys.value), document.kind(node) == .number {
                    value = text(document.rawBytes(node))
                } else if document.stringEquals(key, Keys.target), document.kind(node) == .object {
                    target = targetText(document, node)
                }
            }
            guard let status, let severity else { return nil }
            return AlertLogFields(status: status, severity: severity, value: value, target: target)
        }
    }

    private static func targetText(_ document: JSONDocument, _ object: Int) -> String? {
        var comparator: String?
        var value: String?
        for (key, node) in document.members(of: object) {
            if document.stringEquals(key, Keys.comparator), document.kind(node) == .string {
                comparator = document.string(node)
            } else if document.stringEquals(key, Keys.value), document.kind(node) == .number {
                value = text(document.rawBytes(node))
            }
        }
        guard let comparator, let value else { return nil }
        return comparator + " " + value
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private enum Keys {
        static let status = Array("status".utf8)
        static let severity = Array("severity".utf8)
        static let value = Array("value".utf8)
        static let target = Array("target".utf8)
        static let comparator = Array("comparator".utf8)
    }
}
