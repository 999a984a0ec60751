import Foundation

/// A parsed `--store` URL.
///
/// - `sqlite:///absolute/path/file.sqlite`
/// - `sqlite://./relative/path.sqlite` (relative to the current directory)
/// - `postgres://user:pass@host:port/db` or `postgresql://...`, optionally `?sslmode=disable|require`; the password
///   may instead come from `?password_file=PATH` or the environment variable `PGPASSWORD`
public enum StoreURL: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file at an absolute path.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresSettings)

    /// Parses `text`.
    ///
    /// - Parameter environment: where `PGPASSWORD` is read for a `postgres://` URL without a password.
    /// - Throws: ``StoreError/invalidURL(_:)`` naming what is wrong (never echoing a password).
    public init(parsing text: String, currentDirectory: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw StoreError.invalidURL("expected sqlite://PATH or postgres://USER@HOST:PORT/DB, got '\(Self.redact(trimmed))'")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "sqlite":
            self = .sqlite(path: try Self.sqlitePath(rest, currentDirectory: currentDirectory))
        case "postgres", "postgresql":
            self = .postgres(try PostgresSettings(parsing: trimmed, environment: environment))
        default:
            throw StoreError.invalidURL("unsupported scheme '\(scheme)' (use sqlite or postgres)")
        }
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let settings): settings.description
        }
    }

    private static func sqlitePath(_ rest: String, currentDirectory: String) throws -> String {
        let withoutQuery = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let decoded = withoutQuery.removingPercentEncoding ?? withoutQuery
        guard !decoded.isEmpty, decoded != "/" else {
            throw StoreError.invalidURL("sqlite URL has no file path (use sqlite:///abs/file.sqlite or sqlite://./file.sqlite)")
        }
        if decoded.hasPrefix("/") {
            return decoded
        }
        if decoded.hasPrefix("./") || decoded.hasPrefix("../") {
            return (URL(fileURLWithPath: currentDirectory).appendingPathComponent(decoded).standardizedFileURL.path)
        }
        throw StoreError.invalidURL("sqlite path must be absolute (sqlite:///abs/file.sqlite) or start with ./ (sqlite://./file.sqlite)")
    }

    /// Replaces a password in a URL-looking text by `***`.
    static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"),
              let at = text[schemeEnd.upperBound...].lastIndex(of: "@") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return text[..<colon] + ":***" + text[at...]
    }
}
