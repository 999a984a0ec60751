/// How a client authenticates to and encrypts its connections with the brokers.
public struct KafkaSecurity: Sendable, Equatable {
    /// SASL authentication.
    public struct SASL: Sendable, Equatable {
        /// A SASL mechanism as librdkafka names it.
        public enum Mechanism: String, Sendable, Equatable {
            case plain = "PLAIN"
            case scramSHA256 = "SCRAM-SHA-256"
            case scramSHA512 = "SCRAM-SHA-512"
        }
        public var mechanism: Mechanism
        public var username: String
        public var password: String

        public init(mechanism: Mechanism, username: String, password: String) {
            self.mechanism = mechanism
            self.username = username
            self.password = password
        }
    }

    /// TLS: file paths of the CA bundle and, for mutual TLS, the client certificate and key (PEM).
    public struct TLS: Sendable, Equatable {
        public var caLocation: String?
        public var certificateLocation: String?
        public var keyLocation: String?
        public var keyPassword: String?

        public init(caLocation: String? = nil, certificateLocation: String? = nil,
                    keyLocation: String? = nil, keyPassword: String? = nil) {
            self.caLocation = caLocation
            self.certificateLocation = certificateLocation
            self.keyLocation = keyLocation
            self.keyPassword = keyPassword
        }
    }

    public var sasl: SASL?
    public var tls: TLS?

    public init(sasl: SASL? = nil, tls: TLS? = nil) {
        self.sasl = sasl
        self.tls = tls
    }

    /// No authentication, no encryption.
    public static let plaintext = KafkaSecurity()

    /// The librdkafka properties for this setting (`security.protocol`, `sasl.*`, `ssl.*`).
    var properties: [String: String] {
        var result: [String: String] = [:]
        switch (sasl != nil, tls != nil) {
        case (false, false): result["security.protocol"] = "plaintext"
        case (false, true): result["security.protocol"] = "ssl"
        case (true, false): result["security.protocol"] = "sasl_plaintext"
        case (true, true): result["security.protocol"] = "sasl_ssl"
        }
        if let sasl {
            result["sasl.mechanisms"] = sasl.mechanism.rawValue
            result["sasl.username"] = sasl.username
            result["sasl.password"] = sasl.password
        }
        if let tls {
            result["ssl.ca.location"] = tls.caLocation
            result["ssl.certificate.location"] = tls.certificateLocation
            result["ssl.key.location"] = tls.keyLocation
            result["ssl.key.password"] = tls.keyPassword
        }
        return result
    }
}
