/// The PostgreSQL schema, as numbered migrations recorded in `schema_migrations`. A migration that
/// has shipped is never edited: schema changes are new entries appended at the end.
enum PostgresSchema {
    struct Migration: Sendable {
        let version: Int32
        let name: String
        let statements: [String]
    }

    /// Any constant shared by every PopStream process: the key of the advisory lock that
    /// serializes migrations when several processes start at once.
    static let advisoryLockKey: Int64 = 0x506F_7053_7472_6561 // "PopStrea"

    static let migrations: [Migration] = [
        Migration(version: 1, name: "state", statements: [
            """
            CREATE TABLE IF NOT EXISTS counters (
                indicator TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                numerator BIGINT NOT NULL DEFAULT 0,
                denominator BIGINT NOT NULL DEFAULT 0,
                units BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (indicator, area, period)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS unit_states (
                kind TEXT NOT NULL,
                unit_key TEXT NOT NULL,
                revision BIGINT NOT NULL,
                last_event_id TEXT NOT NULL,
                payload BYTEA NOT NULL,
                PRIMARY KEY (kind, unit_key)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS consumer_offsets (
                group_id TEXT NOT NULL,
                topic TEXT NOT NULL,
                partition INTEGER NOT NULL,
                next_offset BIGINT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (group_id, topic, partition)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS alert_states (
                alert_id TEXT NOT NULL PRIMARY KEY,
                status TEXT NOT NULL,
                severity TEXT,
                sequence BIGINT NOT NULL,
                since TEXT NOT NULL,
                last_message BYTEA
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS alert_outbox (
                id BIGSERIAL PRIMARY KEY,
                alert_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                message_key TEXT NOT NULL,
                payload BYTEA NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (alert_id, sequence)
            )
            """,
        ]),
    ]
}
