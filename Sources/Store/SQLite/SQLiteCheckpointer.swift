import Dispatch
import GRDB
import Logging
import Synchronization

/// Checkpoints the WAL beside the writer, never inside a commit.
///
/// Every connection runs with `wal_autocheckpoint = 0`, so no commit pays for copying the WAL back
/// into the database file. After a commit, this starts a `PASSIVE` checkpoint on its own connection
/// (on a dispatch thread, off Swift's cooperative pool) unless one is already running: it copies
/// what it can without taking the write lock, so commits go on meanwhile, and the WAL is reused from
/// its start once everything is copied.
final class SQLiteCheckpointer: Sendable {
    /// The checkpoint connection; `nil` once closed. Held while a checkpoint runs, so that closing
    /// waits for it instead of closing the connection under it.
    private let connection: Mutex<DatabaseQueue?>
    private let running = Atomic<Bool>(false)
    private let logger: Logger

    init(path: String, configuration: Configuration, logger: Logger) throws {
        var configuration = configuration
        configuration.label = "popstream.store.checkpoint"
        // A checkpoint copies pages from the WAL to the file: it needs no page cache of its own.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -1024") }
        connection = Mutex(try DatabaseQueue(path: path, configuration: configuration))
        self.logger = logger
    }

    /// Called after each commit: starts a passive checkpoint unless one is running.
    func committed() {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            connection.withLock { queue in
                guard let queue else { return }
                do {
                    try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                } catch {
                    logger.debug("WAL checkpoint skipped: \(SQLiteErrors.describe(error))")
                }
            }
            running.store(false, ordering: .releasing)
        }
    }

    /// Waits for a running checkpoint, then closes the connection; later commits start none.
    func close() {
        connection.withLock { queue in
            try? queue?.close()
            queue = nil
        }
    }
}
