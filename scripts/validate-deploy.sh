#!/usr/bin/env bash
# Validates the deployment files of deploy/ without a container engine (issue 14's acceptance; part of
# `make test`). Takes seconds. Each check prints what it checked; any problem fails with a FAIL line.
#
#   1. docker-compose config -q           the compose file (Debian's docker-compose, no engine needed)
#   2. promtool check rules / config      the alert rules and the Prometheus configuration;
#      promtool test rules                the rules' unit tests (deploy/prometheus/alerts.test.yml)
#   3. amtool check-config                the Alertmanager configuration (skipped if amtool is missing)
#   4. deploy_checks.py metrics           the dashboard and the rules use only metrics the workers export
#   5. deploy_checks.py kubernetes        the manifests parse; their images and ports exist in compose/Dockerfile
#   6. deploy_checks.py dockerfile        the Dockerfile ships exactly Package.swift's executable products
#
# The tools come from scripts/install-deps.sh (`make deps`).
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '== %s\n' "$*"; }
problem() { printf 'FAIL: %s\n' "$*"; status=1; }
need() { # tool, package
    command -v "$1" >/dev/null 2>&1 && return 0
    problem "$1 not found (Debian package $2; run make deps)"
    return 1
}
# Runs a tool; prints its output indented, and a FAIL line naming the check if it fails.
run() { # description, command...
    local description=$1; shift
    if "$@" >"$work/out" 2>&1; then
        sed 's/^/  /' "$work/out"
        printf '  ok: %s\n' "$description"
    else
        sed 's/^/  /' "$work/out"
        problem "$description: \`$*\` failed"
    fi
}

step "compose file: deploy/docker-compose.yml"
if need docker-compose docker-compose; then
    run "docker-compose config -q accepts deploy/docker-compose.yml" docker-compose -f deploy/docker-compose.yml config -q
    # The rendered file (anchors merged, paths resolved) is what the Kubernetes check compares with.
    docker-compose -f deploy/docker-compose.yml config >"$work/compose.yml" 2>/dev/null || : >"$work/compose.yml"
else
    : >"$work/compose.yml"
fi

step "Prometheus: deploy/prometheus/alerts.yml and prometheus.yml"
if need promtool prometheus; then
    run "promtool check rules deploy/prometheus/alerts.yml" promtool check rules deploy/prometheus/alerts.yml
    # check config also loads the rule files it names (relative to the config file), so they must exist.
    run "promtool check config deploy/prometheus/prometheus.yml" promtool check config deploy/prometheus/prometheus.yml
    # Unit tests of the rules: each alert fires on its situation and stays quiet otherwise.
    run "promtool test rules deploy/prometheus/alerts.test.yml" promtool test rules deploy/prometheus/alerts.test.yml
fi

step "Alertmanager: deploy/alertmanager/alertmanager.yml"
if command -v amtool >/dev/null 2>&1; then
    run "amtool check-config deploy/alertmanager/alertmanager.yml" amtool check-config deploy/alertmanager/alertmanager.yml
else
    echo "  SKIPPED: amtool not found (Debian package prometheus-alertmanager)"
fi

if ! python3 -c 'import yaml' 2>/dev/null; then
    problem "python3 with PyYAML not found (Debian package python3-yaml; run make deps)"
    exit 1
fi

step "metrics: the Grafana dashboard and the alert rules against Sources/WorkerRuntime/WorkerMetrics.swift"
python3 scripts/deploy_checks.py metrics || status=1

step "Kubernetes: deploy/kubernetes/*.yaml against the compose file and the Dockerfile"
if [ -s "$work/compose.yml" ]; then
    python3 scripts/deploy_checks.py kubernetes "$work/compose.yml" || status=1
else
    problem "the compose file could not be rendered, so the manifests' images and ports were not compared"
fi

step "Dockerfile: deploy/Dockerfile against the products of Package.swift"
# dump-package evaluates the manifest only: no dependency resolution, no network, no build; its own
# scratch path, so that it never waits for a build holding .build/.
if swift package --scratch-path "$work/spm" dump-package >"$work/package.json" 2>"$work/package.err"; then
    if [ -s "$work/compose.yml" ]; then
        python3 scripts/deploy_checks.py dockerfile "$work/package.json" "$work/compose.yml" || status=1
    fi
else
    sed 's/^/  /' "$work/package.err"
    problem "swift package dump-package failed: cannot list the products of Package.swift"
fi

if [ "$status" -eq 0 ]; then
    echo "deployment files: all checks passed"
else
    echo "deployment files: some checks FAILED (see the FAIL lines above)"
fi
exit "$status"
