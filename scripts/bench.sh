#!/usr/bin/env bash
# `make bench`: every benchmark scenario, release build, one JSON object per scenario on stdout.
set -euo pipefail
bin=$(swift build -c release --show-bin-path)/popstream
"$bin" bench kafka
"$bin" bench decode
"$bin" bench engine
# Each store in its own process, as a worker holds one: the peak memory reported is that store's.
"$bin" bench store --stores sqlite
# SQLite's own cost of the same windows, no PopStream code: the ceiling of the line above on this machine.
floor_dir=$(mktemp -d)
python3 scripts/sqlite-floor.py --path "$floor_dir/floor.sqlite"
rm -rf "$floor_dir"
bash scripts/with-postgres.sh "$bin" bench store --stores postgres
bash scripts/with-postgres.sh "$bin" bench worker
"$bin" bench dashboard
