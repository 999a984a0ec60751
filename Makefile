# PopStream: the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: deps build release run test bench clean

## deps: install the system packages the build and tests need (Debian; root or sudo).
deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

## run: build in release mode and start the whole local system (broker, workers, notifier, server, simulator).
run: release
	@bash scripts/run-local.sh

## test: every test, against a real embedded Kafka broker and a throw-away PostgreSQL server;
## first the deployment files of deploy/ (seconds, no container engine), then the tests in two phases
## (scripts/run-tests.sh says why). A build and run still going after 30 minutes (about 12 on two cores)
## gets SIGQUIT, which makes the Swift runtime print every thread's backtrace, and fails.
test: deps
	@bash scripts/validate-deploy.sh
	@SWIFT="$(SWIFT)" bash scripts/with-postgres.sh timeout --signal=QUIT --kill-after=60 1800 bash scripts/run-tests.sh $(SWIFT_FLAGS)

## bench: the benchmarks (release build); figures go to docs/performance.md by hand.
bench: release
	@bash scripts/bench.sh

clean:
	rm -rf .build data
