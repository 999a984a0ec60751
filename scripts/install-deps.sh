#!/usr/bin/env bash
# Installs what building and testing PopStream needs on Debian, only when it is missing:
# librdkafka (headers + mock cluster), kcat (interop tests), PostgreSQL (store tests), SQLite headers,
# Prometheus Alertmanager (the alert notifier's tests; amtool), schemathesis (the HTTP API test), Chromium
# (the dashboard's browser test, headless), and for scripts/validate-deploy.sh: docker-compose (validates the
# compose file, no engine needed), promtool (package prometheus), PyYAML.
set -euo pipefail

missing=()
pkg-config --exists rdkafka 2>/dev/null || missing+=(librdkafka-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v kcat >/dev/null || missing+=(kcat)
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v prometheus-alertmanager >/dev/null || [ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
command -v chromium >/dev/null || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v promtool >/dev/null || missing+=(prometheus)
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The python3 on PATH may not be Debian's (pyenv): PyYAML from PyPI then.
if ! python3 -c 'import yaml' 2>/dev/null; then
    python3 -m pip install -q --disable-pip-version-check pyyaml >/dev/null 2>&1 || true
fi

# schemathesis (PyPI) checks the HTTP server against docs/openapi.yaml in the tests.
if ! command -v schemathesis >/dev/null && command -v python3 >/dev/null; then
    echo "installing: schemathesis (PyPI)"
    python3 -m pip install -q --disable-pip-version-check schemathesis >/dev/null 2>&1 \
        || echo "install-deps: schemathesis could not be installed; its test will show as skipped" >&2
    hash -r
fi
