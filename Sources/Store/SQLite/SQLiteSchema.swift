import GRDB

/// The SQLite schema, as GRDB migrations. A migration that has shipped is never edited:
/// schema changes are new migrations appended at the end.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-state") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS counters (
                    indicator TEXT NOT NULL,
                    area TEXT NOT NULL,
                    period TEXT NOT NULL,
                    numerator INTEGER NOT NULL DEFAULT 0,
                    denominator INTEGER NOT NULL DEFAULT 0,
                    units INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (indicator, area, period)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS unit_states (
                    kind TEXT NOT NULL,
                    unit_key TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    last_event_id TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (kind, unit_key)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS consumer_offsets (
                    group_id TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (group_id, topic, partition)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS alert_states (
                    alert_id TEXT NOT NULL PRIMARY KEY,
                    status TEXT NOT NULL,
                    severity TEXT,
                    sequence INTEGER NOT NULL,
                    since TEXT NOT NULL,
                    last_message BLOB
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS alert_outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    alert_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    message_key TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    UNIQUE (alert_id, sequence)
                );
                """)
        }
        return migrator
    }
}
