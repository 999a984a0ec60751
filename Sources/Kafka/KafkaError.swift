import CRdKafka

/// An error from the Kafka layer. The message is librdkafka's own text wherever librdkafka produced one.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// An unknown or invalid configuration property (or a client that could not be created from it).
        case configuration
        /// A call into librdkafka failed (produce, commit, seek, metadata, admin request, ...).
        case client
        /// A message could not be delivered (its delivery report carried an error).
        case delivery
        /// The operation did not finish in time.
        case timeout
        /// The client was already closed.
        case closed
        /// librdkafka raised a fatal error (`rd_kafka_fatal_error`, e.g. an idempotent producer that can no
        /// longer guarantee ordering, or a fenced consumer). Terminal: every later `send` or `poll` of that client
        /// throws it again; close the client and create a new one. `code` is the underlying error.
        case fatal
    }

    public let kind: Kind
    /// librdkafka's error code (`rd_kafka_resp_err_t`), 0 when not applicable.
    public let code: Int32
    /// A readable message, librdkafka's own where possible.
    public let message: String

    public init(kind: Kind, code: Int32 = 0, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The librdkafka error name, e.g. `MSG_SIZE_TOO_LARGE`, or nil when `code` is 0.
    public var codeName: String? {
        guard code != 0 else { return nil }
        return String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: code)))
    }

    /// True when the client that threw this cannot be used any more (see `Kind.fatal`).
    public var isFatal: Bool { kind == .fatal }

    /// True when librdkafka's local produce queue is full (retry after serving delivery reports).
    var isQueueFull: Bool { code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue }

    static func configuration(_ message: String) -> KafkaError {
        KafkaError(kind: .configuration, message: message)
    }

    static func closed(_ what: String) -> KafkaError {
        KafkaError(kind: .closed, message: "\(what) is closed")
    }

    /// A fatal error: librdkafka's underlying `code` and its reason.
    static func fatal(_ code: rd_kafka_resp_err_t, reason: String) -> KafkaError {
        let name = String(cString: rd_kafka_err2name(code))
        return KafkaError(kind: .fatal, code: code.rawValue, message: "fatal error (\(name)): \(reason)")
    }

    /// An error from a librdkafka response code, with librdkafka's description of it.
    static func from(_ err: rd_kafka_resp_err_t, kind: Kind = .client, context: String? = nil) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(err))
        let message = context.map { "\($0): \(text)" } ?? text
        let resolvedKind: Kind = err == RD_KAFKA_RESP_ERR__TIMED_OUT ? .timeout : kind
        return KafkaError(kind: resolvedKind, code: err.rawValue, message: message)
    }

    /// Consumes (destroys) an `rd_kafka_error_t`, returning it as a `KafkaError`.
    static func consuming(_ error: OpaquePointer, kind: Kind = .client) -> KafkaError {
        let code = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? "unknown error"
        rd_kafka_error_destroy(error)
        return KafkaError(kind: kind, code: code.rawValue, message: text)
    }
}
