# cramp-advisor task runner. `make` alone lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

.PHONY: run
run: ## Serve on http://127.0.0.1:8080 (Swagger UI at /docs/), embedded knowledge base, CDS Hooks JWT off
	APP_LOG_FORMAT=$${APP_LOG_FORMAT:-pretty} APP_CDS_JWT=$${APP_CDS_JWT:-off} $(CARGO) run --bin cramp-advisor

.PHONY: run-release
run-release: ## Same as run, optimised build
	APP_LOG_FORMAT=$${APP_LOG_FORMAT:-pretty} APP_CDS_JWT=$${APP_CDS_JWT:-off} $(CARGO) run --release --bin cramp-advisor

.PHONY: fmt
fmt: ## Format the code
	$(CARGO) fmt --all

.PHONY: lint
lint: ## cargo fmt --check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

.PHONY: openapi
openapi: ## Regenerate openapi/openapi.json from the code
	$(CARGO) run --quiet --locked --bin gen-openapi -- openapi/openapi.json

.PHONY: openapi-check
openapi-check: ## Fail if openapi/openapi.json differs from what the code generates, or generation fails
	@tmp=$$(mktemp); trap 'rm -f "$$tmp"' EXIT; \
	if ! $(CARGO) run --quiet --locked --bin gen-openapi -- "$$tmp"; then \
	  echo "openapi-check: gen-openapi failed, so the committed document could not be checked"; exit 1; fi; \
	if ! diff -q openapi/openapi.json "$$tmp" >/dev/null; then \
	  echo "openapi/openapi.json is out of date: run 'make openapi' and commit it"; \
	  diff <(head -c 2000 openapi/openapi.json) <(head -c 2000 "$$tmp") | head -20; exit 1; fi; \
	echo "openapi/openapi.json is up to date"

$(VENV)/.installed: .ci/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r .ci/requirements.txt
	touch $@

.PHONY: venv
venv: $(VENV)/.installed ## Create .venv with the pinned Python test tools

.PHONY: spec-validate
spec-validate: venv ## Validate openapi/openapi.json as OpenAPI 3.1 (openapi-spec-validator)
	$(VENV)/bin/openapi-spec-validator openapi/openapi.json

.PHONY: deny
deny: venv ## Supply chain: licences, banned crates and sources (cargo deny, offline; advisories need the network)
	@# `cargo deny --offline` reads every crate in Cargo.lock, other platforms' included: fetch
	@# them first (a no-op when they are cached), so a fresh machine passes too.
	$(CARGO) fetch --locked
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(CARGO) deny --offline --config .ci/deny.toml check licenses bans sources

.PHONY: readability
readability: venv ## Flesch-Kincaid grade <= 8 for every English knowledge text, or a reviewed allow-list entry (textstat, offline); --report adds es/de/fr
	$(PY) tests/readability/check.py $(READABILITY_ARGS)

.PHONY: unit
unit: venv ## Unit, property and integration tests (cargo test; the FHIR check runs .venv's fhir.resources)
	$(CARGO) test --locked

.PHONY: test
test: lint openapi-check spec-validate deny unit readability probe k8s-validate contract ## Everything CI runs
	@echo "make test: all checks passed"

CONTRACT_BIN ?= target/debug/cramp-advisor
# The contract suites send thousands of requests from one address: lift the rate limit for them
# (the documented way to do so for load tests).
contract-examples contract-check contract-browser contract-pages contract-schemathesis contract-deep: export APP_RATE_LIMIT_PER_MINUTE = 0
# They call the CDS services with the documented examples, which carry no signed JWT (CDS Hooks
# JWT is on by default; `make probe` checks it on). tests/contract/lib/server.sh defaults it off too.
contract-examples contract-check contract-browser contract-pages contract-schemathesis contract-deep contract-clients: export APP_CDS_JWT ?= off

.PHONY: contract-tools
contract-tools: venv ## Install the contract kit's pinned npm tools (tests/contract/node_modules)
	tests/contract/setup.sh

.PHONY: contract-bin
contract-bin:
	$(CARGO) build --locked --bin cramp-advisor

.PHONY: contract-lint
contract-lint: contract-tools ## Redocly lint of openapi/openapi.json: 0 errors, 0 warnings
	tests/contract/lint.sh

.PHONY: contract-spectral
contract-spectral: contract-tools ## Spectral `spectral:oas` lint of openapi/openapi.json: 0 errors, 0 warnings and the OWASP API Security ruleset: 0 errors (each rule turned off says why)
	tests/contract/spectral.sh

.PHONY: contract-ts
contract-ts: contract-tools ## Generate TypeScript types from the spec and tsc --noEmit a consumer
	tests/contract/typecheck.sh

.PHONY: contract-examples
contract-examples: venv contract-bin ## Every spec example: accepted live / valid against its schema
	tests/contract/with-server.sh $(CONTRACT_BIN) $(PY) tests/contract/check_examples.py --require-examples @BASE_URL@

.PHONY: contract-browser
contract-browser: contract-tools contract-bin ## Swagger UI in headless chromium, keys off and on (Authorize); screenshots in target/
	tests/contract/with-server.sh $(CONTRACT_BIN) node tests/contract/swagger-ui.mjs @BASE_URL@ target/swagger-ui.png
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; key=contract-browser-key-$$$$; \
	printf %s "$$key" | sha256sum | cut -d' ' -f1 > "$$dir/keys"; \
	APP_API_KEYS_FILE="$$dir/keys" SWAGGER_UI_API_KEY="$$key" \
	  tests/contract/with-server.sh $(CONTRACT_BIN) node tests/contract/swagger-ui.mjs @BASE_URL@ target/swagger-ui-keys.png

.PHONY: contract-pages
contract-pages: contract-tools contract-bin ## Reference pages in headless chromium: axe-core WCAG 2.2 AA (0 violations), every language; screenshots target/pages-*.png
	tests/contract/with-server.sh $(CONTRACT_BIN) node tests/contract/pages.mjs @BASE_URL@ target

.PHONY: contract-schemathesis
contract-schemathesis: venv contract-bin ## Schemathesis, all checks, 300 examples per operation, fixed seed
	tests/contract/run-schemathesis.sh $(CONTRACT_BIN) 300

.PHONY: contract-check
contract-check: contract-bin ## Our own `cramp-advisor check --strict` against the local server
	tests/contract/with-server.sh $(CONTRACT_BIN) $(CONTRACT_BIN) check --strict --base-url @BASE_URL@

.PHONY: contract-clients
contract-clients: contract-bin ## Typed clients (openapi-fetch, hey-api, Python, Kotlin, Swift) generated from the spec, built, called live
	tests/contract/clients/run.sh $(CONTRACT_BIN)

.PHONY: postman
postman: ## Regenerate openapi/postman.json (Postman collection) from openapi/openapi.json
	tests/contract/clients/setup.sh --npm-only >/dev/null
	node tests/contract/clients/postman.mjs openapi/openapi.json openapi/postman.json

.PHONY: postman-check
postman-check: ## Fail if openapi/postman.json differs from what openapi/openapi.json generates
	@tests/contract/clients/setup.sh --npm-only >/dev/null
	@tmp=$$(mktemp); trap 'rm -f "$$tmp"' EXIT; \
	node tests/contract/clients/postman.mjs openapi/openapi.json "$$tmp" >/dev/null || exit 1; \
	if ! diff -q openapi/postman.json "$$tmp" >/dev/null; then \
	  echo "openapi/postman.json is out of date: run 'make postman' and commit it"; \
	  diff openapi/postman.json "$$tmp" | head -20; exit 1; fi; \
	echo "openapi/postman.json is up to date"

.PHONY: contract
contract: contract-lint contract-spectral contract-ts contract-examples contract-check contract-browser contract-pages contract-schemathesis contract-clients postman-check ## All contract checks (part of make test)
	@echo "make contract: all contract checks passed"

.PHONY: contract-deep
contract-deep: venv contract-bin ## Schemathesis with 1000 examples per operation (local, several minutes)
	tests/contract/run-schemathesis.sh $(CONTRACT_BIN) deep

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
IMAGE ?= cramp-advisor:$(VERSION)

.PHONY: probe
probe: contract-bin ## Hostile-client probe (tests/security/probe.py) against the binary: keys on, small rate limit, 3 s request timeout; then forged CDS Hooks JWTs with JWT on
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; key=probe-key-$$$$-$$RANDOM; \
	printf %s "$$key" | sha256sum | cut -d' ' -f1 > "$$dir/keys"; \
	APP_API_KEYS_FILE="$$dir/keys" PROBE_API_KEY="$$key" APP_RATE_LIMIT_PER_MINUTE=30 \
	  APP_RATE_LIMIT_BURST=10 APP_REQUEST_TIMEOUT_SECONDS=3 PROBE_REQUEST_TIMEOUT=3 APP_CDS_JWT=off \
	  tests/contract/with-server.sh $(CONTRACT_BIN) python3 tests/security/probe.py @BASE_URL@ && \
	APP_API_KEYS_FILE="$$dir/keys" PROBE_API_KEY="$$key" APP_RATE_LIMIT_PER_MINUTE=0 PROBE_CDS_JWT=on \
	  APP_CDS_JWT=on APP_CDS_JWT_ISSUERS="https://ehr.probe.invalid=tests/security/probe-jwks.json" \
	  APP_PUBLIC_BASE_URL=https://cramp-advisor.probe.invalid \
	  tests/contract/with-server.sh $(CONTRACT_BIN) python3 tests/security/probe.py @BASE_URL@

.PHONY: k8s-validate
k8s-validate: venv ## Render k8s base/dev/prod, validate offline (kubernetes-validate --strict), yamllint, hadolint, self-test
	k8s/validate.sh $(VENV)/bin
	k8s/validate.sh --self-test $(VENV)/bin

.PHONY: image
image: ## Build the container image (needs a Docker engine; not part of make test)
	docker build -f k8s/Dockerfile -t $(IMAGE) --build-arg VERSION=$(VERSION) --build-arg REVISION=$$(git rev-parse HEAD) .

.PHONY: mutants
mutants: ## Mutation testing of the engine and the medicine index, library tests only (about an hour on 2 cores; not in make test)
	@command -v cargo-mutants >/dev/null || $(CARGO) install --locked cargo-mutants
	$(CARGO) mutants -f 'src/engine/*.rs' -f 'src/knowledge/medicines.rs' -e 'src/engine/tests/**' \
	  --timeout 120 --cargo-arg=--lib

.PHONY: bench
bench: ## Criterion benchmarks: engine, request parsing, response serialisation
	$(CARGO) bench --locked --bench engine

.PHONY: bench-http
bench-http: ## Load test (wrk, loopback, one run): healthz, stored answers, assessments (plain and gzip), CDS; ratios, p99, CPU per request, soak RSS; see BENCHMARKS.md
	benches/http.sh

.PHONY: bench-ceiling
bench-ceiling: ## What an assessment would cost if serialising (then the engine, then parsing) cost nothing: a patched build (benches/ceiling.patch, never merged) under wrk; see BENCHMARKS.md
	benches/ceiling.sh
