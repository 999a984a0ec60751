/// Every failure of the store, as one type. Messages are one line, name what was wrong, and never
/// contain a password, a subject id or payload contents.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `--store` URL cannot be used.
    case invalidURL(String)
    /// The database cannot be reached or opened (server down, refused, bad credentials, no file access).
    case unavailable(String)
    /// Creating or upgrading the schema failed.
    case migrationFailed(String)
    /// The batch was refused because a unit changed since the caller read it; nothing was written.
    /// Re-read the unit states and recompute the batch.
    case conflict(String)
    /// The caller no longer owns what it wrote: a partition was claimed by another consumer since
    /// (its epoch moved on) or its stored offset is not where the window started, or an evaluator
    /// lease was taken over. Nothing was written. The caller has lost the partition (or the lease):
    /// drop the work in flight, do not retry it.
    case fenced(String)
    /// The batch itself is invalid (for example an outbox `(alertId, sequence)` that already exists);
    /// nothing was written and retrying the same batch fails again.
    case invalidBatch(String)
    /// A read or write failed; nothing of a failed commit was written. `retryable` tells whether
    /// trying again may help (lost connection, lock timeout, serialization failure, server restart).
    case storageFailure(String, retryable: Bool)
    /// The store was closed.
    case closed

    /// Whether repeating the operation may succeed.
    public var isRetryable: Bool {
        switch self {
        case .unavailable, .conflict: true
        case .storageFailure(_, let retryable): retryable
        case .invalidURL, .migrationFailed, .invalidBatch, .fenced, .closed: false
        }
    }

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidURL(let message): "invalid store URL: \(message)"
        case .unavailable(let message): "store unavailable: \(message)"
        case .migrationFailed(let message): "store migration failed: \(message)"
        case .conflict(let message): "store conflict: \(message)"
        case .fenced(let message): "fenced: \(message)"
        case .invalidBatch(let message): "invalid batch: \(message)"
        case .storageFailure(let message, let retryable):
            "store failure (\(retryable ? "retryable" : "not retryable")): \(message)"
        case .closed: "store is closed"
        }
    }
}

extension StoreError {
    /// Runs `body`; a `StoreError` passes through, any other error becomes `map(error)`.
    static func rethrowing<T>(_ map: (any Error) -> StoreError, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error)
        }
    }
}
