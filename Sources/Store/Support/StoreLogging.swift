import Logging

/// The store's logging defaults. The store logs only counts, stages and error codes: never subject
/// ids, unit keys or payload contents.
public enum StoreLogging {
    /// The logger used when a caller passes none.
    public static let defaultLogger = Logger(label: "popstream.store")
}
