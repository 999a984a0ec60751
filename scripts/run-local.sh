#!/usr/bin/env bash
# `make run`: the whole system on this machine, from the release build: the embedded Kafka-protocol
# broker, the four workers (one SQLite store), the alert notifier (to the log), the HTTP server with the
# dashboard, and the hospital simulator with the example anomalies (alerts within a minute).
# Ctrl-C stops everything, simulator first, broker last. The broker lives in memory, so each run starts
# from empty data (data/ is cleared).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(swift build -c release --show-bin-path)
data=data
port=${POPSTREAM_HTTP_PORT:-8080}
rate=${POPSTREAM_SIMULATE_RATE:-100}
mkdir -p "$data/logs"
rm -f "$data"/popstream.sqlite* "$data"/notifier.sqlite* "$data/bootstrap.txt"

pids=()
names=()
start() {  # start NAME COMMAND...: in the background, output to data/logs/NAME.log
    local name=$1
    shift
    # In a session of its own: a Ctrl-C reaches only this script, which then stops the processes in order
    # (a broker that stopped first would leave the workers unable to publish their last alerts).
    setsid "$@" >"$data/logs/$name.log" 2>&1 &
    pids+=($!)
    names+=("$name")
}

stop_all() {  # stop_all [EXIT CODE]
    local code=${1:-0}
    # A second Ctrl-C must not cut the stop short (it would leave processes behind): each one ends on its own
    # within its stop deadline (a worker 40 s at most, docs/operations.md).
    trap '' INT TERM
    trap - EXIT
    echo
    echo "stopping..."
    # Reverse start order: the simulator stops publishing, the workers commit and publish, the broker goes last.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill -TERM "${pids[$i]}" 2>/dev/null || true
        wait "${pids[$i]}" 2>/dev/null || true
        echo "  ${names[$i]} stopped"
    done
    exit "$code"
}
trap stop_all INT TERM EXIT

start broker "$bin/popstream" dev-broker --bootstrap-file "$data/bootstrap.txt"
for _ in $(seq 1 100); do [ -s "$data/bootstrap.txt" ] && break; sleep 0.1; done
[ -s "$data/bootstrap.txt" ] || { echo "run: the embedded broker did not start (see $data/logs/broker.log)" >&2; exit 1; }
bootstrap=$(cat "$data/bootstrap.txt")
store="sqlite://./$data/popstream.sqlite"

for kind in prenatal newborn premarital elderly; do
    start "$kind-worker" "$bin/popstream-$kind-worker" --bootstrap "$bootstrap" --store "$store"
done
start notifier "$bin/popstream-alert-notifier" --bootstrap "$bootstrap" --state "$data/notifier.sqlite" --from-beginning
if "$bin/popstream" serve --help >/dev/null 2>&1; then
    start serve "$bin/popstream" serve --store "$store" --port "$port"
    served=yes
fi
start simulate "$bin/popstream" simulate --bootstrap "$bootstrap" --rate "$rate" --scenario deploy/scenarios/anomalies.json

echo "PopStream is running (logs in $data/logs/):"
echo "  broker     $bootstrap"
if [ "${served:-}" = yes ]; then
    echo "  dashboard  http://localhost:$port/"
    echo "  API        http://localhost:$port/api/v1/indicators?area=VN"
fi
echo "  metrics    http://localhost:9101/metrics ... 9104 (prenatal, newborn, premarital, elderly workers)"
echo "  alerts     tail -f $data/logs/notifier.log   (or: $bin/popstream alerts tail --bootstrap $bootstrap --from-beginning)"
echo "Ctrl-C stops everything."
# Wait until a child exits on its own (a crash) or Ctrl-C.
while true; do
    for i in "${!pids[@]}"; do
        if ! kill -0 "${pids[$i]}" 2>/dev/null; then
            echo "run: ${names[$i]} exited (see $data/logs/${names[$i]}.log)" >&2
            stop_all 1
        fi
    done
    sleep 1
done
