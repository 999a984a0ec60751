import GRDB

/// Turns GRDB and SQLite errors into ``StoreError``s.
enum SQLiteErrors {
    /// Runs `body`, rethrowing every error as a ``StoreError``.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        try await StoreError.rethrowing(storeError, body)
    }

    static func storeError(_ error: any Error) -> StoreError {
        guard let error = error as? DatabaseError else {
            if error is CancellationError { return .storageFailure("cancelled", retryable: true) }
            return .storageFailure("SQLite: \(type(of: error))", retryable: false)
        }
        let message = "SQLite: \(describe(error))"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_INTERRUPT, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_PROTOCOL:
            return .storageFailure(message, retryable: true)
        case .SQLITE_CONSTRAINT:
            return .invalidBatch(message)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return .unavailable(message)
        default:
            return .storageFailure(message, retryable: false)
        }
    }

    /// SQLite's own message (which never holds bound values) and its result code.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return String(describing: type(of: error)) }
        return "\(error.message ?? "error") (code \(error.extendedResultCode.rawValue))"
    }
}
