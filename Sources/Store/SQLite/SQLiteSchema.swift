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
        // v2: leaf counters at the finest grain, fenced partition owners, evaluator leases and slim
        // unit states. Rolled-up v1 counters cannot be split back into leaves, so v1's counters, unit
        // states and offsets are dropped together (consistently: consumers start over from the
        // beginning of their topics and rebuild everything). v1 never ran behind a worker.
        migrator.registerMigration("v2-leaf-counters") { db in
            try db.execute(sql: """
                DROP TABLE IF EXISTS counters;
                DROP TABLE IF EXISTS unit_states;
                DROP TABLE IF EXISTS consumer_offsets;
                CREATE TABLE leaf_series (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    map TEXT NOT NULL,
                    area TEXT NOT NULL,
                    UNIQUE (kind, map, area)
                );
                CREATE TABLE leaf_counters (
                    period INTEGER NOT NULL,
                    series_id INTEGER NOT NULL,
                    units INTEGER NOT NULL DEFAULT 0,
                    n0 INTEGER NOT NULL DEFAULT 0, d0 INTEGER NOT NULL DEFAULT 0,
                    n1 INTEGER NOT NULL DEFAULT 0, d1 INTEGER NOT NULL DEFAULT 0,
                    n2 INTEGER NOT NULL DEFAULT 0, d2 INTEGER NOT NULL DEFAULT 0,
                    n3 INTEGER NOT NULL DEFAULT 0, d3 INTEGER NOT NULL DEFAULT 0,
                    n4 INTEGER NOT NULL DEFAULT 0, d4 INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (period, series_id)
                ) WITHOUT ROWID;
                CREATE TABLE unit_states (
                    kind TEXT NOT NULL,
                    unit_key TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (kind, unit_key)
                ) WITHOUT ROWID;
                CREATE TABLE partition_owners (
                    group_id TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    partition INTEGER NOT NULL,
                    epoch INTEGER NOT NULL,
                    next_offset INTEGER,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (group_id, topic, partition)
                ) WITHOUT ROWID;
                CREATE TABLE evaluator_leases (
                    scope TEXT NOT NULL PRIMARY KEY,
                    holder TEXT NOT NULL,
                    epoch INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // v3: the change feed of alert evaluation (LeafChangeSet): one row per committed window and
        // (kind, map), removed once evaluated.
        migrator.registerMigration("v3-leaf-changes") { db in
            try db.execute(sql: """
                CREATE TABLE leaf_changes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    map TEXT NOT NULL,
                    pairs BLOB NOT NULL
                );
                CREATE INDEX leaf_changes_by_kind ON leaf_changes (kind, id);
                """)
        }
        // v4: the revision each unit state was written over (NULL: unconditionally, or before v4), which lets
        // several units go in one upsert statement and still each be checked against what the engine read.
        migrator.registerMigration("v4-unit-base-revision") { db in
            try db.execute(sql: "ALTER TABLE unit_states ADD COLUMN base_revision INTEGER")
        }
        return migrator
    }

}
