#!/usr/bin/env python3
"""SQLite's own cost of the store benchmark's windows, with no PopStream code in the way.

`popstream bench store` commits windows of 50,000 newborn events over 5,000,000 stored units: per window
it reads the units of every poll batch of 1,000 events (keys drawn at random among the stored ones, one
`json_each` join per batch, as `SQLiteStateStore.unitStates` does), rewrites about 42,500 of them in one
transaction (revision-guarded upserts in key order, as `SQLiteBatchWriter` does), and a checkpointer copies
the window's pages from the WAL into the database file. This script does the same work on a table of
the same shape (2 KiB pages, WAL, `synchronous=NORMAL`, the store's cache and memory-map sizes), through
Python's sqlite3 module, and prints the seconds each part takes on one core: each window's on stderr, then
one JSON object on stdout, as `make bench`'s other lines.

The sum is the least time per event any program needs on this machine with this storage layout, so it
bounds the events/s it can reach: the three parts can run on different cores, but a 2-core machine offers
at most twice the time of one core, which also has to decode (or make) the events and apply them. The reads and the upserts each loop inside
SQLite over a JSON array of keys (`json_each`), so Python adds nothing per row; the upserts' payloads are
`randomblob(43)`, the size of a stored newborn state.

Usage: python3 scripts/sqlite-floor.py [--units 5000000] [--windows 6] [--path /tmp/popstream-floor.sqlite]
The table is made once (a few minutes for 5,000,000 units) and reused by later runs on the same path.
"""
import argparse
import json
import os
import random
import sqlite3
import sys
import time

KIND = "newborn-screening"
PAYLOAD = bytes(range(43))  # the engine's compact newborn state is 43 to 51 bytes
WINDOW = 50_000
POLL = 1_000
UNIT_WRITES = 42_500  # unit rows a window of 50,000 events rewrites in the store benchmark


def connect(path, cache_kib):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size = 2048")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{cache_kib}")
    db.execute("PRAGMA mmap_size = 16777216")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    return db


def fill(db, units):
    db.execute("""CREATE TABLE unit_states (kind TEXT NOT NULL, unit_key TEXT NOT NULL, revision INTEGER NOT NULL,
                  payload BLOB NOT NULL, PRIMARY KEY (kind, unit_key)) WITHOUT ROWID""")
    keys = [f"nb-{i}" for i in range(units)]
    random.Random(1).shuffle(keys)
    db.execute("BEGIN")
    for start in range(0, units, WINDOW):
        db.executemany("INSERT INTO unit_states VALUES (?, ?, 1, ?)", ((KIND, k, PAYLOAD) for k in keys[start:start + WINDOW]))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5_000_000)
    parser.add_argument("--windows", type=int, default=6)
    parser.add_argument("--path", default="/tmp/popstream-floor.sqlite")
    args = parser.parse_args()

    fresh = not os.path.exists(args.path)
    writer = connect(args.path, 16384)
    if fresh:
        fill(writer, args.units)
    reader = connect(args.path, 8192)
    draw = random.Random(2)
    # Revisions above any an earlier run on the same file wrote, so that every guarded upsert writes.
    first_revision = int(time.time() * 1000)
    # Both statements loop inside SQLite over a JSON array of keys, so that Python adds nothing per row.
    upsert = """INSERT INTO unit_states (kind, unit_key, revision, payload)
                SELECT ?, j.value, ?, randomblob(43) FROM json_each(?) AS j WHERE true
                ON CONFLICT (kind, unit_key) DO UPDATE SET revision = excluded.revision, payload = excluded.payload
                WHERE unit_states.revision < excluded.revision"""
    select = """SELECT count(*), sum(u.revision), sum(length(u.payload)) FROM json_each(?) AS j
                CROSS JOIN unit_states AS u ON u.kind = ? AND u.unit_key = j.value"""
    totals = {"read": 0.0, "write": 0.0, "checkpoint": 0.0}
    unit_writes = 0
    for window in range(args.windows):
        keys = [f"nb-{draw.randrange(args.units)}" for _ in range(WINDOW)]
        polls = [json.dumps(sorted(keys[start:start + POLL])) for start in range(0, WINDOW, POLL)]
        rewritten = sorted(set(keys))[:UNIT_WRITES]  # fewer when the table has few units
        unit_writes += len(rewritten)
        writes = json.dumps(rewritten)
        started = time.perf_counter()
        for poll in polls:
            reader.execute(select, (poll, KIND)).fetchall()
        read = time.perf_counter()
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(upsert, (KIND, first_revision + window, writes))
        writer.execute("COMMIT")
        written = time.perf_counter()
        writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        done = time.perf_counter()
        parts = {"read": read - started, "write": written - read, "checkpoint": done - written}
        for name, seconds in parts.items():
            totals[name] += seconds
        print(f"window {window}: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in parts.items()),
              file=sys.stderr, flush=True)

    per_event = {name: seconds / args.windows / WINDOW * 1e6 for name, seconds in totals.items()}
    total = sum(per_event.values())
    print(json.dumps({
        "scenario": "sqlite-floor", "units": args.units, "windows": args.windows, "windowEvents": WINDOW,
        "unitWritesPerWindow": unit_writes // args.windows,
        "microsecondsPerEvent": {name: round(value, 2) for name, value in per_event.items()},
        "totalMicrosecondsPerEvent": round(total, 2),
        "eventsPerSecondOneCore": int(1e6 / total), "eventsPerSecondTwoCores": int(2e6 / total),
    }))


if __name__ == "__main__":
    main()
