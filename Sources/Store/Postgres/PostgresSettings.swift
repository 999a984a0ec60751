import Foundation

/// Connection settings parsed from a `postgres://` URL.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (`sslmode`).
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (`sslmode=disable`, the default: the server is usually on a private network).
        case disable
        /// TLS required (`sslmode=require`).
        case require
    }

    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// User name.
    public var username: String
    /// Password, if any. Never printed.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS mode.
    public var tls: TLSMode

    /// Creates settings.
    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `postgres://user:pass@host:port/db?sslmode=...`.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text) else {
            throw StoreError.invalidURL("cannot parse '\(StoreURL.redact(text))'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalidURL("postgres URL has no host: '\(StoreURL.redact(text))'")
        }
        guard let username = components.user, !username.isEmpty else {
            throw StoreError.invalidURL("postgres URL has no user name: '\(StoreURL.redact(text))'")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.invalidURL("postgres URL needs one database name as its path: '\(StoreURL.redact(text))'")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable", "allow", "prefer": tls = .disable
                case "require": tls = .require
                default: throw StoreError.invalidURL("unsupported sslmode '\(item.value ?? "")' (use disable or require)")
                }
            default:
                throw StoreError.invalidURL("unknown postgres URL parameter '\(item.name)' (only sslmode is supported)")
            }
        }
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? 5432,
            username: username,
            password: components.password,
            database: database,
            tls: tls
        )
    }

    /// The URL with the password hidden.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        let query = tls == .require ? "?sslmode=require" : ""
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)\(query)"
    }

    /// The same server and credentials, another database (tests create one database each).
    public func withDatabase(_ name: String) -> PostgresSettings {
        var copy = self
        copy.database = name
        return copy
    }
}
