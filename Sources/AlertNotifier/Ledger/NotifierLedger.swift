import Foundation
import GRDB
import PopStreamCore

/// The notifier's persistent memory, one SQLite file (`--state`): which (alertId, sequence) each destination
/// has received, and the latest message of every alert id (the firing ones are re-sent to Alertmanager).
///
/// Tables: `forwarded(destination, alert_id, sequence, outcome, attempts, updated_at)`, one row per pair and
/// destination; `latest(alert_id, sequence, status, message, previous_message)`, one row per alert id.
/// Both stay small: alerts are status transitions, not events.
public final class NotifierLedger: Sendable {
    private let database: DatabasePool

    /// Opens (creating it and its directory when missing) the ledger at `path`.
    /// - Throws: `NotifierConfigurationError` when the file cannot be created, opened or migrated.
    public init(path: String) throws(NotifierConfigurationError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw NotifierConfigurationError("--state \(path): cannot create directory \(directory): \(Self.whyNotCreatable(directory) ?? Self.describe(error))")
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.label = "popstream.notifier.ledger"
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw NotifierConfigurationError("--state \(path): cannot open the ledger: \(Self.describe(error))")
        }
    }

    /// The nearest existing ancestor of `directory` explains most failures: a file, or a read-only folder.
    private static func whyNotCreatable(_ directory: String) -> String? {
        var ancestor = URL(fileURLWithPath: directory)
        while ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue { return "\(ancestor.path) is not a directory" }
            if !FileManager.default.isWritableFile(atPath: ancestor.path) { return "\(ancestor.path) is not writable" }
            return nil
        }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return (error as NSError).localizedDescription
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE forwarded (
                    destination TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (destination, alert_id, sequence)
                ) WITHOUT ROWID;
                CREATE TABLE latest (
                    alert_id TEXT NOT NULL PRIMARY KEY,
                    sequence INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    message BLOB NOT NULL,
                    previous_message BLOB
                ) WITHOUT ROWID;
                CREATE INDEX latest_by_status ON latest(status);
                """)
        }
        return migrator
    }

    /// Whether `destination` is done with `identity` for good (delivered, or skipped as superseded).
    public func isDone(_ identity: AlertIdentity, destination: String) async throws -> Bool {
        try await database.read { db in
            let outcome = try String.fetchOne(db, sql: """
                SELECT outcome FROM forwarded WHERE destination = ? AND alert_id = ? AND sequence = ?
                """, arguments: [destination, identity.alertId, identity.sequence])
            return outcome.flatMap(ForwardingOutcome.init(rawValue:))?.isFinal ?? false
        }
    }

    /// Records how `destination` finished with `identity` (replacing an earlier outcome).
    public func record(_ identity: AlertIdentity, destination: String, outcome: ForwardingOutcome, attempts: Int) async throws {
        let now = Date().timeIntervalSince1970
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO forwarded (destination, alert_id, sequence, outcome, attempts, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (destination, alert_id, sequence)
                DO UPDATE SET outcome = excluded.outcome, attempts = excluded.attempts, updated_at = excluded.updated_at
                """, arguments: [destination, identity.alertId, identity.sequence, outcome.rawValue, attempts, now])
        }
    }

    /// Compares `alert` with the latest message stored for its alert id, and stores it when it is newer.
    public func observe(_ alert: ReceivedAlert) async throws -> LedgerObservation {
        let message = alert.message
        let bytes = Data(alert.bytes)
        let stored: (sequence: Int, message: Data, previous: Data?)? = try await database.write { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT sequence, message, previous_message FROM latest WHERE alert_id = ?
                """, arguments: [message.alertId])
            let stored = row.map { (sequence: $0["sequence"] as Int, message: $0["message"] as Data, previous: $0["previous_message"] as Data?) }
            if stored.map({ $0.sequence < message.sequence }) ?? true {
                try db.execute(sql: """
                    INSERT INTO latest (alert_id, sequence, status, message, previous_message) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (alert_id) DO UPDATE SET sequence = excluded.sequence, status = excluded.status,
                        message = excluded.message, previous_message = excluded.previous_message
                    """, arguments: [message.alertId, message.sequence, message.status.rawValue, bytes, stored?.message])
            }
            return stored
        }
        guard let stored else {
            return LedgerObservation(isNewTransition: true, isSuperseded: false, previous: nil)
        }
        if stored.sequence < message.sequence {
            return LedgerObservation(isNewTransition: true, isSuperseded: false, previous: Self.decode(stored.message))
        }
        if stored.sequence == message.sequence {
            return LedgerObservation(isNewTransition: false, isSuperseded: false, previous: stored.previous.flatMap(Self.decode))
        }
        return LedgerObservation(isNewTransition: false, isSuperseded: true, previous: nil)
    }

    /// The latest message of every alert id whose latest status is `firing`.
    public func firingAlerts() async throws -> [AlertMessage] {
        let blobs = try await database.read { db in
            try Data.fetchAll(db, sql: "SELECT message FROM latest WHERE status = ? ORDER BY alert_id",
                              arguments: [AlertStatus.firing.rawValue])
        }
        return blobs.compactMap(Self.decode)
    }

    private static func decode(_ data: Data) -> AlertMessage? {
        try? ReceivedAlert(bytes: Array(data)).message
    }
}
