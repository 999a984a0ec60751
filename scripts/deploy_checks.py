#!/usr/bin/env python3
"""Checks of the deployment files that no off-the-shelf validator makes (called by validate-deploy.sh).

    deploy_checks.py metrics     the Grafana dashboard and the alert rules use only exported metrics
    deploy_checks.py kubernetes RENDERED_COMPOSE
                                 the manifests parse, and name only images and ports of the compose file
                                 (as `docker-compose config` renders it) and of the Dockerfile
    deploy_checks.py dockerfile PACKAGE_JSON RENDERED_COMPOSE
                                 the Dockerfile ships exactly the executable products of Package.swift
                                 (PACKAGE_JSON: `swift package dump-package`), and every command the
                                 compose file and the manifests run is one of them

Each prints one line per thing checked; on a problem it prints `FAIL: ...` lines and exits 1.
Paths are relative to the repository root (the current directory).
"""
import glob
import json
import os
import re
import sys

import yaml

WORKER_METRICS = "Sources/WorkerRuntime/WorkerMetrics.swift"
# Other processes Prometheus scrapes: `popstream serve` (its sources, when present). The notifier's metrics
# are left out on purpose: it has no HTTP endpoint (docs/notifier.md), so nothing can scrape them.
SCRAPED_SOURCES = ["Sources/APIServer/**/*.swift"]
# Series Prometheus makes itself.
BUILTIN_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE"}
DASHBOARD = "deploy/grafana/dashboards/popstream.json"
DATASOURCES = "deploy/grafana/provisioning/datasources/prometheus.yml"
ALERT_RULES = "deploy/prometheus/alerts.yml"
OPERATIONS_DOC = "docs/operations.md"
# What the issue asks the dashboard to show: throughput, consumer lag, dead letters by reason, flush
# latency, alerts by severity.
DASHBOARD_MUST_SHOW = ["popstream_events_total", "popstream_consumer_lag_messages", "popstream_rejected_total",
                       "popstream_batch_flush_seconds_bucket", "popstream_alerts_emitted_total"]
KUBERNETES_DIR = "deploy/kubernetes"
DOCKERFILE = "deploy/Dockerfile"

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def ok(message, since=None):
    """Prints an ok line, unless a failure was reported since `since` (a count of failures)."""
    if since is None or len(failures) == since:
        print(f"  ok: {message}")


def finish():
    if failures:
        print(f"{len(failures)} problem(s) found")
        sys.exit(1)


# ---- metrics ---------------------------------------------------------------------------------------------

METRIC_CALL = re.compile(r'\b(Counter|Gauge|Timer|Recorder)\(\s*label:\s*"([A-Za-z_:][A-Za-z0-9_:]*)"([^)]*)\)', re.S)


def exported_series(path):
    """Series names a Swift source exports through swift-metrics on Prometheus (swift-prometheus 2):
    a Counter or Gauge as its label; a Timer or an aggregating Recorder as a histogram (_bucket, _sum,
    _count); a Recorder without aggregation as a gauge."""
    series = {}
    text = open(path, encoding="utf-8").read()
    for kind, name, rest in METRIC_CALL.findall(text):
        if kind == "Timer" or (kind == "Recorder" and re.search(r"aggregate:\s*true", rest)):
            for suffix in ("_bucket", "_sum", "_count"):
                series[name + suffix] = path
        else:
            series[name] = path
    return series


KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "inf", "nan", "atan2"}


def metric_names(expr):
    """The metric names a PromQL expression selects (functions, keywords, labels and durations removed)."""
    e = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    e = re.sub(r"'(?:\\.|[^'\\])*'", "''", e)
    e = re.sub(r"`[^`]*`", "``", e)
    e = re.sub(r"\{[^}]*\}", " ", e)                       # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)                      # ranges and subqueries
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", " ", e)  # Grafana variables ($__rate_interval)
    names = []
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
        name = match.group(0)
        before = e[match.start() - 1] if match.start() > 0 else " "
        if before.isdigit() or before == ".":              # 1e3, 5m
            continue
        if e[match.end():].lstrip().startswith("("):       # a function
            continue
        if name.lower() in KEYWORDS:
            continue
        names.append(name)
    return names


def dashboard_expressions(dashboard):
    """(panel title, expression) of every query, panels in rows included."""
    def panels(items):
        for panel in items or []:
            yield panel
            yield from panels(panel.get("panels"))
    for panel in panels(dashboard.get("panels")):
        for target in panel.get("targets") or []:
            if target.get("expr"):
                yield panel.get("title", "?"), target["expr"], panel, target


def check_metrics():
    if not os.path.isfile(WORKER_METRICS):
        fail(f"{WORKER_METRICS} not found: cannot know which metrics the workers export")
        finish()
    exported = exported_series(WORKER_METRICS)
    if not exported:
        fail(f"no metric found in {WORKER_METRICS} (has the way metrics are made changed? update {__file__})")
        finish()
    ok(f"{len(exported)} series exported by the workers ({WORKER_METRICS}): {', '.join(sorted(exported))}")
    for pattern in SCRAPED_SOURCES:
        for path in sorted(glob.glob(pattern, recursive=True)):
            more = exported_series(path)
            if more:
                exported.update(more)
                ok(f"{len(more)} series exported by {path}")
    known = set(exported) | BUILTIN_SERIES

    # The Grafana dashboard: valid JSON, every query on exported series, on the provisioned datasource.
    try:
        dashboard = json.load(open(DASHBOARD, encoding="utf-8"))
    except (OSError, ValueError) as error:
        fail(f"{DASHBOARD} is not valid JSON: {error}")
        finish()
    ok(f"{DASHBOARD} is valid JSON")
    datasource_uids = {d.get("uid") for d in (yaml.safe_load(open(DATASOURCES)) or {}).get("datasources", [])}
    used = set()
    count = 0
    before = len(failures)
    for title, expr, panel, target in dashboard_expressions(dashboard):
        count += 1
        for name in metric_names(expr):
            used.add(name)
            if name not in known:
                fail(f"{DASHBOARD}: panel '{title}' queries '{name}', which no scraped process exports ({expr})")
        for holder in (panel, target):
            uid = (holder.get("datasource") or {}).get("uid")
            if uid is not None and uid not in datasource_uids:
                fail(f"{DASHBOARD}: panel '{title}' uses datasource uid '{uid}', not provisioned in {DATASOURCES}")
    if count == 0:
        fail(f"{DASHBOARD}: no query found")
    ok(f"{count} dashboard queries use only exported series: {', '.join(sorted(used))}", before)
    before = len(failures)
    for name in DASHBOARD_MUST_SHOW:
        if name not in used:
            fail(f"{DASHBOARD}: no panel shows {name}")
    ok("the dashboard shows throughput, consumer lag, dead letters, flush latency and alerts", before)

    # The alert rules: only exported series, each alert explained in docs/operations.md.
    rules = yaml.safe_load(open(ALERT_RULES, encoding="utf-8")) or {}
    operations = open(OPERATIONS_DOC, encoding="utf-8").read()
    alerts = 0
    before = len(failures)
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            name = rule.get("alert") or rule.get("record")
            for metric in metric_names(str(rule.get("expr", ""))):
                if metric not in known:
                    fail(f"{ALERT_RULES}: {name} uses '{metric}', which no scraped process exports")
            if rule.get("alert"):
                alerts += 1
                if f"`{name}`" not in operations:
                    fail(f"{ALERT_RULES}: alert {name} is not explained in {OPERATIONS_DOC} (write `{name}` there)")
    if alerts == 0:
        fail(f"{ALERT_RULES}: no alert rule")
    ok(f"{alerts} alert rules use only exported series and are explained in {OPERATIONS_DOC}", before)
    finish()


# ---- kubernetes ------------------------------------------------------------------------------------------

def dockerfile_exposed():
    ports = set()
    for line in open(DOCKERFILE, encoding="utf-8"):
        if re.match(r"\s*EXPOSE\s", line, re.I):
            for item in line.split()[1:]:
                ports.add(int(item.split("/")[0]))
    return ports


def compose_ports(service):
    ports = set()
    for item in service.get("expose") or []:
        ports.add(int(str(item).split("/")[0]))
    for item in service.get("ports") or []:
        if isinstance(item, dict):
            ports.add(int(item["target"]))
        else:
            ports.add(int(str(item).split("/")[0].split(":")[-1]))
    return ports


def pod_specs(document):
    """(workload name, pod spec) of a manifest, whatever its kind."""
    kind = document.get("kind")
    spec = document.get("spec") or {}
    if kind == "Pod":
        yield document["metadata"]["name"], spec
    elif kind == "CronJob":
        yield document["metadata"]["name"], spec["jobTemplate"]["spec"]["template"]["spec"]
    elif "template" in spec:
        yield document["metadata"]["name"], spec["template"].get("spec") or {}


def check_kubernetes(rendered_compose):
    compose = yaml.safe_load(open(rendered_compose, encoding="utf-8"))
    services = compose.get("services") or {}
    # Images of the compose file and the ports their services expose; the image built from the
    # Dockerfile also has the Dockerfile's EXPOSE ports.
    image_ports = {}
    dockerfile_images = set()
    exposed = dockerfile_exposed()
    for name, service in services.items():
        image = service.get("image")
        if not image:
            continue
        image_ports.setdefault(image, set()).update(compose_ports(service))
        build = service.get("build") or {}
        if isinstance(build, dict) and str(build.get("dockerfile", "")).endswith("deploy/Dockerfile"):
            dockerfile_images.add(image)
    for image in sorted(dockerfile_images):
        extra = image_ports[image] - exposed
        if extra:
            fail(f"compose services of {image} expose {sorted(extra)}, which {DOCKERFILE} does not EXPOSE ({sorted(exposed)})")
        image_ports[image] |= exposed
    if not dockerfile_images:
        fail(f"no compose service builds its image from {DOCKERFILE}")
    ok(f"compose images: {', '.join(f'{i} {sorted(p)}' for i, p in sorted(image_ports.items()))}")

    files = sorted(glob.glob(f"{KUBERNETES_DIR}/*.yaml") + glob.glob(f"{KUBERNETES_DIR}/*.yml"))
    if not files:
        fail(f"no manifest in {KUBERNETES_DIR}")
    kinds = []
    before = len(failures)
    named_ports = set()
    service_targets = []
    for path in files:
        try:
            documents = [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d is not None]
        except yaml.YAMLError as error:
            fail(f"{path} does not parse as YAML: {error}")
            continue
        for document in documents:
            if not isinstance(document, dict) or not document.get("kind") or not document.get("apiVersion"):
                fail(f"{path}: a document without kind and apiVersion")
                continue
            if document["kind"] == "Kustomization":
                check_kustomization(path, document, files)
                continue
            if not (document.get("metadata") or {}).get("name"):
                fail(f"{path}: a {document['kind']} without metadata.name")
                continue
            kinds.append(f"{document['kind']}/{document['metadata']['name']}")
            if document["kind"] == "Service":
                for port in (document.get("spec") or {}).get("ports") or []:
                    service_targets.append((path, document["metadata"]["name"], port.get("targetPort", port.get("port"))))
            for workload, spec in pod_specs(document):
                containers = (spec.get("containers") or []) + (spec.get("initContainers") or [])
                for container in containers:
                    where = f"{path}: {workload}/{container.get('name')}"
                    image = container.get("image")
                    if image not in image_ports:
                        fail(f"{where} uses image '{image}', which no compose service uses ({', '.join(sorted(image_ports))})")
                        continue
                    allowed = image_ports[image]
                    names = {}
                    for port in container.get("ports") or []:
                        number = port.get("containerPort")
                        if number not in allowed:
                            fail(f"{where} declares port {number}, not exposed for {image} in the compose file or the Dockerfile ({sorted(allowed)})")
                        if port.get("name"):
                            names[port["name"]] = number
                            named_ports.add(port["name"])
                    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                        check = container.get(probe) or {}
                        target = (check.get("httpGet") or check.get("tcpSocket") or {}).get("port")
                        if target is None:
                            continue
                        if isinstance(target, str) and target not in names:
                            fail(f"{where}: {probe} uses port name '{target}', not declared by the container")
                        elif isinstance(target, int) and target not in allowed:
                            fail(f"{where}: {probe} uses port {target}, not exposed for {image} ({sorted(allowed)})")
    for path, name, target in service_targets:
        if isinstance(target, str) and target not in named_ports:
            fail(f"{path}: Service {name} targets port name '{target}', which no container declares")
        elif isinstance(target, int) and not any(target in ports for ports in image_ports.values()):
            fail(f"{path}: Service {name} targets port {target}, exposed by no image")
    ok(f"{len(files)} manifests parse as YAML: {', '.join(kinds)}", before)
    ok("their images and ports are those of the compose file and the Dockerfile", before)
    finish()


def check_kustomization(path, document, files):
    """Every manifest is applied by the kustomization, except examples (*.example.yaml)."""
    listed = {os.path.normpath(os.path.join(KUBERNETES_DIR, r)) for r in document.get("resources") or []}
    before = len(failures)
    for resource in sorted(listed):
        if not os.path.exists(resource):
            fail(f"{path} lists {resource}, which does not exist")
    for manifest in files:
        normalized = os.path.normpath(manifest)
        if normalized == os.path.normpath(path) or ".example." in os.path.basename(manifest):
            continue
        if normalized not in listed:
            fail(f"{path} does not list {manifest} (add it to resources, or name it *.example.yaml)")
    ok(f"{path} lists every manifest but the examples", before)


# ---- dockerfile ------------------------------------------------------------------------------------------

def check_dockerfile(package_json, rendered_compose):
    package = json.load(open(package_json, encoding="utf-8"))
    products = {p["name"] for p in package.get("products", []) if "executable" in (p.get("type") or {})}
    # Executables kept under Tests/ are programs the tests run (probes), not something to ship.
    executable_targets = {t["name"] for t in package.get("targets", [])
                          if t.get("type") == "executable" and not (t.get("path") or "").startswith("Tests/")}
    if not products:
        fail("Package.swift declares no executable product")
    orphans = executable_targets - products
    if orphans:
        fail(f"executable targets without a product (swift build builds them, nothing ships them): {sorted(orphans)}")
    text = open(DOCKERFILE, encoding="utf-8").read()
    match = re.search(r'^ARG POPSTREAM_EXECUTABLES="([^"]*)"', text, re.M)
    if not match:
        fail(f'{DOCKERFILE}: no ARG POPSTREAM_EXECUTABLES="..." listing the executables it ships')
        finish()
    shipped = set(match.group(1).split())
    if shipped != products:
        missing, extra = sorted(products - shipped), sorted(shipped - products)
        fail(f"{DOCKERFILE} ships {sorted(shipped)} but Package.swift's executable products are {sorted(products)}"
             f" (missing: {missing or 'none'}; not products: {extra or 'none'})")
    else:
        ok(f"{DOCKERFILE} ships the {len(products)} executable products of Package.swift: {', '.join(sorted(products))}")
    builds = re.findall(r"^RUN .*\bswift build\b(.*)$", text, re.M)
    if not any(re.match(r"\s+-c release\b", b) and "--product" not in b and "--target" not in b for b in builds):
        fail(f"{DOCKERFILE}: no `RUN swift build -c release` building the whole package (without --product/--target)")
    else:
        ok(f"{DOCKERFILE} runs `swift build -c release` on the whole package")

    # Every command run from the image is one of those executables.
    compose = yaml.safe_load(open(rendered_compose, encoding="utf-8"))
    commands = []
    for name, service in (compose.get("services") or {}).items():
        build = service.get("build") or {}
        if isinstance(build, dict) and str(build.get("dockerfile", "")).endswith("deploy/Dockerfile") and service.get("command"):
            commands.append((f"docker-compose.yml: {name}", service["command"]))
    image_names = {s.get("image") for s in (compose.get("services") or {}).values()
                   if isinstance(s.get("build"), dict) and str(s["build"].get("dockerfile", "")).endswith("deploy/Dockerfile")}
    for path in sorted(glob.glob(f"{KUBERNETES_DIR}/*.yaml")):
        for document in yaml.safe_load_all(open(path, encoding="utf-8")):
            if not isinstance(document, dict) or document.get("kind") == "Kustomization":
                continue
            for workload, spec in pod_specs(document):
                for container in spec.get("containers") or []:
                    if container.get("image") in image_names:
                        if not container.get("command"):
                            fail(f"{path}: {workload} runs the image's default command (give one of the executables)")
                        else:
                            commands.append((f"{path}: {workload}", container["command"]))
    before = len(failures)
    for where, command in commands:
        argv = command if isinstance(command, list) else command.split()
        program = argv[0]
        if program in ("sh", "bash", "/bin/sh"):
            script = " ".join(argv[1:])
            if not any(re.search(rf"\bexec\s+{re.escape(p)}(\s|$)", script) for p in products):
                fail(f"{where}: the shell command execs none of the executables: {script}")
        elif program not in products:
            fail(f"{where} runs '{program}', which is not an executable of the image ({', '.join(sorted(products))})")
    ok(f"{len(commands)} commands of the compose file and the manifests run executables of the image", before)
    finish()


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("metrics", "kubernetes", "dockerfile"):
        print(__doc__)
        sys.exit(2)
    if sys.argv[1] == "metrics":
        check_metrics()
    elif sys.argv[1] == "kubernetes":
        check_kubernetes(sys.argv[2])
    else:
        check_dockerfile(sys.argv[2], sys.argv[3])
