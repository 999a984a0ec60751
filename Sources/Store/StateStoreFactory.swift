import Logging

/// Opens the store a `--store` URL names, with its schema migrated.
public enum StateStoreFactory {
    /// Opens (and migrates) the store at `url`.
    ///
    /// - Throws: ``StoreError/invalidURL(_:)`` for a bad URL, ``StoreError/unavailable(_:)`` when the
    ///   file cannot be opened or the server cannot be reached, ``StoreError/migrationFailed(_:)``.
    public static func open(url: String, logger: Logger = StoreLogging.defaultLogger) async throws -> any StateStore {
        try await open(StoreURL(parsing: url), logger: logger)
    }

    /// Opens (and migrates) the store at a parsed `url`.
    public static func open(_ url: StoreURL, logger: Logger = StoreLogging.defaultLogger) async throws -> any StateStore {
        switch url {
        case .sqlite(let path):
            return try await SQLiteStateStore(path: path, logger: logger)
        case .postgres(let settings):
            return try await PostgresStateStore(settings: settings, logger: logger)
        }
    }
}
