#!/usr/bin/env python3
"""Check every example in the served OpenAPI document against the live service and the schemas.

Usage: check_examples.py BASE_URL [--require-examples]

For every operation in BASE_URL/openapi.json:
  * each request-body example (`requestBody.content.*.example` / `.examples.*.value`)
      - validates against the request schema, and
      - is sent to the live service with the operation's method and must get a 2xx whose body
        validates against that documented 2xx response schema, and, where the 2xx response has
        an example of the same name, equals that example (the answers are deterministic);
  * each response example (`responses.*.content.*.example` / `.examples.*.value`) validates
    against that response's schema;
  * each example carried by a response schema itself (`example` on the schema or on the
    component it references, as Swagger UI shows it) validates against that schema.

Schemas are OpenAPI 3.1, i.e. JSON Schema 2020-12; `$ref`s resolve inside the served document.
`format` is checked where the validator knows the format (e.g. `date`).

Every example prints one PASS/FAIL line. Documented statuses with a body but no example at all
print a MISSING line; with --require-examples they count as failures.
Exits 0 when everything passes, 1 on any failure, 2 on a usage or connection error.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:cramp-advisor:contract:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TIMEOUT_SECONDS = 15


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    missing: int = 0
    failures: list[str] = field(default_factory=list)

    def ok(self, label: str, detail: str = "") -> None:
        self.passed += 1
        print(f"PASS {label}" + (f"  ({detail})" if detail else ""))

    def fail(self, label: str, reason: str) -> None:
        self.failed += 1
        self.failures.append(f"{label}: {reason}")
        print(f"FAIL {label}\n     {reason}")

    def miss(self, label: str) -> None:
        self.missing += 1
        print(f"MISSING {label}: no example")


def pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def http(method: str, url: str, body: bytes | None = None, content_type: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": "application/json, application/problem+json"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, method=method.upper(), headers=headers)
    # Never use a proxy: every request stays on the service under test.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class SpecValidator:
    """Validates instances against schemas addressed by JSON pointer into the served document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)

    def errors(self, schema_pointer: str, instance: Any) -> str | None:
        """None when `instance` is valid against the schema at `schema_pointer`, else a message."""
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#{schema_pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        error = best_match(validator.iter_errors(instance))
        if error is None:
            return None
        where = "/" + "/".join(pointer_escape(str(p)) for p in error.absolute_path)
        return f"at {where}: {error.message[:400]}"

    def resolve(self, node: Any) -> Any:
        """Follows local `$ref`s (components) to the node they point at."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                break
            node = self.spec
            for token in ref[2:].split("/"):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            seen += 1
        return node


def examples_of(media: dict[str, Any], validator: SpecValidator) -> list[tuple[str, Any]]:
    """(name, value) of each example of a media type object; `example` is named '(example)'."""
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("(example)", media["example"]))
    for name, example in (media.get("examples") or {}).items():
        example = validator.resolve(example)
        if "value" in example:
            found.append((name, example["value"]))
        elif "externalValue" in example:
            found.append((name, ExternalValue(example["externalValue"])))
    return found


@dataclass
class ExternalValue:
    url: str


def first_difference(expected: Any, actual: Any, pointer: str = "") -> str | None:
    """None when equal, else where and how the two JSON values first differ."""
    if type(expected) is not type(actual) and not (isinstance(expected, (int, float)) and isinstance(actual, (int, float))
                                                   and not isinstance(expected, bool) and not isinstance(actual, bool)):
        return f"at {pointer or '/'}: documented {json.dumps(expected)[:120]}, live {json.dumps(actual)[:120]}"
    if isinstance(expected, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                return f"at {pointer}/{pointer_escape(key)}: documented but absent from the live answer"
            if key not in expected:
                return f"at {pointer}/{pointer_escape(key)}: in the live answer but not documented"
            found = first_difference(expected[key], actual[key], f"{pointer}/{pointer_escape(key)}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        for index, (e, a) in enumerate(zip(expected, actual)):
            found = first_difference(e, a, f"{pointer}/{index}")
            if found:
                return found
        if len(expected) != len(actual):
            return f"at {pointer or '/'}: documented {len(expected)} items, live {len(actual)}"
        return None
    if expected != actual:
        return f"at {pointer or '/'}: documented {json.dumps(expected)[:120]}, live {json.dumps(actual)[:120]}"
    return None


def success_response(operation: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for status in sorted(operation.get("responses", {})):
        if status.startswith("2"):
            return status, operation["responses"][status]
    return None


def concrete_path(path: str, operation: dict[str, Any], path_item: dict[str, Any], validator: SpecValidator) -> str | None:
    """Fills path parameters from their documented examples; None if one has none."""
    parameters = [validator.resolve(p) for p in path_item.get("parameters", []) + operation.get("parameters", [])]
    for parameter in parameters:
        if parameter.get("in") != "path":
            continue
        value = parameter.get("example", validator.resolve(parameter.get("schema", {})).get("example"))
        if value is None:
            return None
        path = path.replace("{" + parameter["name"] + "}", urllib.parse.quote(str(value), safe=""))
    return path if "{" not in path else None


def check_request_examples(base_url: str, path: str, method: str, operation: dict[str, Any], path_item: dict[str, Any],
                           validator: SpecValidator, tally: Tally, require: bool) -> None:
    request_body = validator.resolve(operation.get("requestBody"))
    if not request_body:
        return
    op_label = f"{method.upper()} {path}"
    target = concrete_path(path, operation, path_item, validator)
    success = success_response(operation)
    base = f"/paths/{pointer_escape(path)}/{method}"
    body_pointer = base + "/requestBody"
    if "$ref" in (operation.get("requestBody") or {}):
        body_pointer = operation["requestBody"]["$ref"][1:]
    for media_type, media in request_body.get("content", {}).items():
        examples = examples_of(media, validator)
        if not examples:
            if require:
                tally.fail(f"{op_label} request {media_type}", "no request example")
            else:
                tally.miss(f"{op_label} request {media_type}")
            continue
        schema_pointer = f"{body_pointer}/content/{pointer_escape(media_type)}/schema"
        for name, value in examples:
            label = f"{op_label} request example {name!r} [{media_type}]"
            if isinstance(value, ExternalValue):
                tally.fail(label, f"externalValue {value.url!r} is not supported (would fetch outside the service)")
                continue
            if "schema" in media:
                problem = validator.errors(schema_pointer, value)
                if problem:
                    tally.fail(label, f"does not validate against the request schema {problem}")
                    continue
            if target is None:
                tally.fail(label, "a path parameter has no documented example, cannot send it")
                continue
            payload = value if isinstance(value, (bytes, str)) and not media_type.endswith("json") else json.dumps(value)
            payload = payload.encode() if isinstance(payload, str) else payload
            try:
                status, headers, raw = http(method, base_url + target, payload, media_type)
            except (urllib.error.URLError, OSError) as error:
                tally.fail(label, f"request failed: {error}")
                continue
            if not 200 <= status < 300:
                tally.fail(label, f"live service answered {status}, expected 2xx: {raw[:600].decode('utf-8', 'replace')}")
                continue
            detail = f"live {status}"
            documented = operation.get("responses", {}).get(str(status)) or (success[1] if success else None)
            documented = validator.resolve(documented) if documented else None
            got_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if documented and documented.get("content"):
                content = documented["content"]
                if got_type not in content:
                    tally.fail(label, f"live {status} has Content-Type {got_type!r}, documented: {sorted(content)}")
                    continue
                if "schema" in content[got_type]:
                    try:
                        live = json.loads(raw)
                    except ValueError as error:
                        tally.fail(label, f"live {status} body is not JSON: {error}")
                        continue
                    status_key = str(status) if str(status) in operation.get("responses", {}) else success[0]
                    live_pointer = f"{base}/responses/{status_key}/content/{pointer_escape(got_type)}/schema"
                    problem = validator.errors(live_pointer, live)
                    if problem:
                        tally.fail(label, f"live {status} body does not validate against its documented schema {problem}")
                        continue
                    detail += ", body matches the response schema"
                    # A documented response example with the same name as this request example
                    # is the answer to it: the live answer must be exactly that (the service is
                    # deterministic), or the published example is stale.
                    documented_examples = dict(examples_of(content[got_type], validator))
                    if name in documented_examples:
                        difference = first_difference(documented_examples[name], live)
                        if difference is not None:
                            tally.fail(label, f"live {status} body differs from the documented {status_key} example {name!r} {difference}")
                            continue
                        detail += f", equals the documented {status_key} example"
            tally.ok(label, detail)


def check_response_examples(path: str, method: str, operation: dict[str, Any], validator: SpecValidator,
                            tally: Tally, require: bool) -> None:
    op_label = f"{method.upper()} {path}"
    base = f"/paths/{pointer_escape(path)}/{method}/responses"
    for status, response in operation.get("responses", {}).items():
        response_pointer = f"{base}/{pointer_escape(status)}"
        if "$ref" in response:
            response_pointer = response["$ref"][1:]
        response = validator.resolve(response)
        for media_type, media in (response.get("content") or {}).items():
            label = f"{op_label} {status} [{media_type}]"
            schema_pointer = f"{response_pointer}/content/{pointer_escape(media_type)}/schema"
            examples = examples_of(media, validator)
            schema = validator.resolve(media.get("schema"))
            schema_example = isinstance(schema, dict) and "example" in schema
            if not examples and not schema_example:
                if require:
                    tally.fail(label, "no response example")
                else:
                    tally.miss(label)
                continue
            if "schema" not in media:
                tally.fail(label, "has examples but no schema to check them against")
                continue
            for name, value in examples:
                example_label = f"{label} response example {name!r}"
                if isinstance(value, ExternalValue):
                    tally.fail(example_label, f"externalValue {value.url!r} is not supported")
                    continue
                problem = validator.errors(schema_pointer, value)
                if problem:
                    tally.fail(example_label, f"does not validate against the response schema {problem}")
                else:
                    tally.ok(example_label)
            if schema_example:
                example_label = f"{label} schema example"
                problem = validator.errors(schema_pointer, schema["example"])
                if problem:
                    tally.fail(example_label, f"does not validate against the response schema {problem}")
                else:
                    tally.ok(example_label)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="the running service, e.g. http://127.0.0.1:8080")
    parser.add_argument("--require-examples", action="store_true",
                        help="fail (instead of reporting MISSING) when a request body or a documented response body has no example")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")

    try:
        status, _, raw = http("get", base_url + "/openapi.json")
    except (urllib.error.URLError, OSError) as error:
        print(f"ERROR cannot fetch {base_url}/openapi.json: {error}", file=sys.stderr)
        return 2
    if status != 200:
        print(f"ERROR {base_url}/openapi.json answered {status}", file=sys.stderr)
        return 2
    spec = json.loads(raw)
    if not str(spec.get("openapi", "")).startswith("3.1"):
        print(f"ERROR expected an OpenAPI 3.1 document, got openapi={spec.get('openapi')!r}", file=sys.stderr)
        return 2
    validator = SpecValidator(spec)
    tally = Tally()

    operations = 0
    for path, path_item in spec.get("paths", {}).items():
        path_item = validator.resolve(path_item)
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            operations += 1
            check_request_examples(base_url, path, method, operation, path_item, validator, tally, args.require_examples)
            check_response_examples(path, method, operation, validator, tally, args.require_examples)

    print()
    print(f"{operations} operations checked" + (f"; {tally.missing} documented bodies have no example" if tally.missing else ""))
    print(f"check_examples: {tally.passed} passed, {tally.failed} failed")
    if tally.failures:
        print("Failures:")
        for line in tally.failures:
            print(f"  - {line}")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
