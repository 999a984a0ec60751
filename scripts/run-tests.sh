#!/usr/bin/env bash
# Runs every test in two phases (called by `make test`, inside scripts/with-postgres.sh):
#
# 1. everything except the broker-outage tests, in parallel;
# 2. the broker-outage tests alone, one at a time.
#
# Why: librdkafka 2.0's mock broker, taken down, closes its listening socket and binds a new one to the
# same port at once, and aborts the whole process when that bind fails. It does fail, now and then, when
# other tests open and close sockets by the hundred at the same moment (seen in full runs:
# "Failed to bind mock broker socket ... Address already in use", then an assertion). Alone, the outage
# tests have the machine's ports to themselves. `swift test` builds once, in the first phase.
set -euo pipefail

outage_tests='KafkaBrokerFailureTests|KafkaFatalErrorTests|KafkaProducerRaceTests|WorkerBrokerOutageTests'
swift=${SWIFT:-swift}

# Output is line-buffered, so that a log cut short by a stuck test still shows which tests had finished.
stdbuf -oL -eL "$swift" test "$@" --skip "$outage_tests"
echo "run-tests: the broker-outage tests, one at a time"
stdbuf -oL -eL "$swift" test "$@" --skip-build --no-parallel --filter "$outage_tests"
