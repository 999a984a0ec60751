import PostgresNIO

/// Turns postgres-nio errors into ``StoreError``s. Only the SQLSTATE and the server's primary
/// message are kept: never the query's bound values or the server's `detail` (which can quote keys).
enum PostgresErrors {
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        try await StoreError.rethrowing(storeError, body)
    }

    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return storeError(inner)
            }
            return .storageFailure("PostgreSQL transaction failed", retryable: true)
        }
        if error is CancellationError { return .storageFailure("cancelled", retryable: true) }
        guard let error = error as? PSQLError else {
            return .storageFailure("PostgreSQL: \(type(of: error))", retryable: false)
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            let message = "PostgreSQL \(state): \(error.serverInfo?[.message] ?? "error")"
            if state.hasPrefix("23") { return .invalidBatch(message) }
            if state.hasPrefix("28") || state == "3D000" { return .unavailable(message) }
            let retryable = state.hasPrefix("08") || state.hasPrefix("40") || state.hasPrefix("53")
                || state.hasPrefix("57P") || state == "55P03"
                || state == "25P03" // the server ended a session left idle in its transaction: retry on a new one
            return .storageFailure(message, retryable: retryable)
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .storageFailure("PostgreSQL connection lost (\(error.code))", retryable: true)
        case .poolClosed:
            return .closed
        case .queryCancelled:
            return .storageFailure("PostgreSQL query cancelled", retryable: true)
        default:
            return .storageFailure("PostgreSQL: \(error.code)", retryable: false)
        }
    }

    /// A one-line reason for a failed connection attempt, for ``StoreError/unavailable(_:)``.
    static func connectFailure(_ error: any Error, settings: PostgresSettings) -> StoreError {
        let target = "\(settings.host):\(settings.port)/\(settings.database) as \(settings.username)"
        if let error = error as? PSQLError {
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? "?????"
                return .unavailable("cannot connect to PostgreSQL at \(target): \(state) \(error.serverInfo?[.message] ?? "")")
            }
            let underlying = error.underlying.map { " (\(String(describing: $0)))" } ?? ""
            return .unavailable("cannot connect to PostgreSQL at \(target): \(error.code)\(underlying)")
        }
        return .unavailable("cannot connect to PostgreSQL at \(target): \(String(describing: error))")
    }
}
