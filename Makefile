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
run: ## Serve on http://127.0.0.1:8080 (Swagger UI at /docs/), embedded knowledge base
	APP_LOG_FORMAT=$${APP_LOG_FORMAT:-pretty} $(CARGO) run --bin cramp-advisor

.PHONY: run-release
run-release: ## Same as run, optimised build
	APP_LOG_FORMAT=$${APP_LOG_FORMAT:-pretty} $(CARGO) run --release --bin cramp-advisor

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
openapi-check: ## Fail if openapi/openapi.json differs from what the code generates
	@tmp=$$(mktemp); $(CARGO) run --quiet --locked --bin gen-openapi -- $$tmp && \
	if ! diff -q openapi/openapi.json $$tmp >/dev/null; then \
	  echo "openapi/openapi.json is out of date: run 'make openapi' and commit it"; diff <(head -c 2000 openapi/openapi.json) <(head -c 2000 $$tmp) | head -20; rm -f $$tmp; exit 1; fi; \
	rm -f $$tmp; echo "openapi/openapi.json is up to date"

$(VENV)/.installed: .ci/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r .ci/requirements.txt
	touch $@

.PHONY: venv
venv: $(VENV)/.installed ## Create .venv with the pinned Python test tools

.PHONY: spec-validate
spec-validate: venv ## Validate openapi/openapi.json as OpenAPI 3.1 (openapi-spec-validator)
	$(VENV)/bin/openapi-spec-validator openapi/openapi.json

.PHONY: unit
unit: ## Unit, property and integration tests (cargo test)
	$(CARGO) test --locked

.PHONY: test
test: lint openapi-check spec-validate unit ## Everything CI runs
	@echo "make test: all checks passed"
