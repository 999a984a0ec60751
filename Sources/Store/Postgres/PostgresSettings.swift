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
    /// Whether a commit waits for its WAL record to reach disk (`synchronous_commit`; URL parameter
    /// `synchronous_commit=on|off`, default on). Off makes commits faster; a server crash can then
    /// lose the last few hundred milliseconds of commits, effects and offsets together, so consumers
    /// simply process those messages again: figures stay exact, alerts of those windows are re-sent.
    public var synchronousCommit: Bool = true

    /// Creates settings.
    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `postgres://user[:pass]@host:port/db?sslmode=...`.
    ///
    /// The password, so that it need not appear on a command line: the URL's, else the first line of the
    /// file named by the URL parameter `password_file=PATH` (a mounted secret), else the environment
    /// variable `PGPASSWORD` (as libpq does), else none.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
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
        var synchronousCommit = true
        var passwordFile: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable", "allow", "prefer": tls = .disable
                case "require": tls = .require
                default: throw StoreError.invalidURL("unsupported sslmode '\(item.value ?? "")' (use disable or require)")
                }
            case "synchronous_commit":
                switch item.value ?? "" {
                case "on": synchronousCommit = true
                case "off": synchronousCommit = false
                default: throw StoreError.invalidURL("unsupported synchronous_commit '\(item.value ?? "")' (use on or off)")
                }
            case "password_file":
                guard let path = item.value, !path.isEmpty else { throw StoreError.invalidURL("password_file needs a path") }
                passwordFile = path
            default:
                throw StoreError.invalidURL("unknown postgres URL parameter '\(item.name)' (use sslmode, synchronous_commit or password_file)")
            }
        }
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? 5432,
            username: username,
            password: try Self.password(url: components.password, file: passwordFile, environment: environment),
            database: database,
            tls: tls
        )
        self.synchronousCommit = synchronousCommit
    }

    /// The password from the URL, a `password_file` or `PGPASSWORD`, in that order (see `init(parsing:)`).
    private static func password(url: String?, file: String?, environment: [String: String]) throws -> String? {
        if let file {
            guard url == nil else { throw StoreError.invalidURL("give the password in the URL or in password_file, not both") }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw StoreError.invalidURL("cannot read password_file \(file)")
            }
            let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw StoreError.invalidURL("password_file \(file) is empty") }
            return line
        }
        if let url { return url }
        if let variable = environment["PGPASSWORD"], !variable.isEmpty { return variable }
        return nil
    }

    /// The URL with the password hidden.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        let parameters = (tls == .require ? ["sslmode=require"] : []) + (synchronousCommit ? [] : ["synchronous_commit=off"])
        let query = parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)\(query)"
    }

    /// The same server and credentials, another database (tests create one database each).
    public func withDatabase(_ name: String) -> PostgresSettings {
        var copy = self
        copy.database = name
        return copy
    }
}
