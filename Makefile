# idn-sim: the one entry point. CI calls these targets, never ad-hoc commands.
# `make help` lists them.

CARGO ?= cargo
# The harness's commit, carried into certification reports (empty outside a git checkout).
export IDN_GIT_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null)
SEED ?= 20260302
# The seed of the campaign `make test` runs (make fuzz-ci).
FUZZ_CI_SEED ?= 20260302
FUZZ_CI_CASES ?= 10000
# The Gherkin suite has its own default seed; `make features SEED=n` overrides it.
FEATURES_SEED ?= $(if $(filter command line,$(origin SEED)),$(SEED),)

.PHONY: help demo determinism journeys test features certify serve sandbox lint fmt build clean setup junit-check fuzz fuzz-ci fuzz-long bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

demo: ## Certify the embedded reference with the whole suite: prints the verdicts and the path of index.html
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- certify --quiet --seed $(SEED) --reports reports/demo

determinism: ## Certify the embedded reference twice with one seed and compare the reports byte for byte
	$(MAKE) --no-print-directory demo
	rm -rf reports/demo-first && cp -r reports/demo reports/demo-first
	$(MAKE) --no-print-directory demo
	for f in report.json index.html junit.xml; do cmp reports/demo-first/$$f reports/demo/$$f || exit 1; done
	@echo "determinism: two runs with seed $(SEED) gave byte-identical report.json, index.html and junit.xml"

journeys: ## Run the guide's and the postman's journeys against the embedded reference, told in virtual time
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- demo --seed $(SEED)

test: setup lint ## Run every test CI runs: lint, unit, integration, determinism, the Gherkin suite, the report in Chromium, its JUnit read by junitparser
	$(CARGO) test --workspace --quiet
	target/venv/bin/python .ci/check-junit.py reports/features reports/features-http
	$(MAKE) --no-print-directory fuzz-ci

features: ## Run the Gherkin suite in-process and over HTTP (TAGS='@VER-07', SCENARIO=name, SEED=n, TRANSPORT=in-process|http)
	TAGS='$(TAGS)' SCENARIO='$(SCENARIO)' SEED='$(FEATURES_SEED)' TRANSPORT='$(TRANSPORT)' $(CARGO) test --quiet -p idn-harness --test features

certify: ## Certify the reference over HTTP: serve it, run the whole suite against it, stop it
	bash .ci/certify-reference.sh

serve: ## Serve the reference over HTTP on 127.0.0.1:8640 with its store in reports/reference.sqlite
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- serve --addr 127.0.0.1:8640 --store reports/reference.sqlite

sandbox: ## A sandbox for a partner's OpenID Connect client on 127.0.0.1:8640: ready test identities (README "A sandbox")
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- serve --sandbox --addr 127.0.0.1:8640 $(if $(CLIENT),--client $(CLIENT))

setup: ## Install what the tests need beyond Rust: Debian's chromium; junitparser and Authlib (pinned) in target/venv
	bash .ci/setup.sh

junit-check: setup ## Read every junit.xml under reports/ with a real JUnit consumer (junitparser)
	target/venv/bin/python .ci/check-junit.py reports

lint: ## clippy with -D warnings (bans ambient time and randomness) and rustfmt
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

build: ## Build everything
	$(CARGO) build --workspace --all-targets

clean: ## Remove build output and generated reports
	$(CARGO) clean
	find reports -mindepth 1 ! -name .gitkeep -delete

fuzz-ci: ## The campaign make test runs: 10,000 cases against the embedded reference, on every core (FUZZ_CI_SEED, FUZZ_CI_CASES)
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- fuzz --cases $(FUZZ_CI_CASES) --seed $(FUZZ_CI_SEED) --every 2000 --out reports/fuzz-ci

fuzz-long: ## A long campaign, release, every core: 10^6 cases over 10 seeds (FUZZ_LONG_CASES, FUZZ_LONG_SEEDS, FUZZ_LONG_FIRST)
	bash .ci/fuzz-long.sh

bench: ## The fuzzer's cases/s and steps/s, release: in-process (1 thread, every core) and over HTTP (1, then 16 in flight)
	bash .ci/bench.sh

fuzz: ## Fuzz an implementation with random journeys against the oracle (CASES=n SEED=n TARGET=URL; the embedded reference without TARGET)
	$(CARGO) run --quiet -p idn-cli --bin idn-sim -- fuzz --cases $(or $(CASES),200) --seed $(SEED) --regressions sim/harness/fuzz-regressions/cli.txt $(if $(TARGET),--target $(TARGET),)
