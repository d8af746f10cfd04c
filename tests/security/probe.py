#!/usr/bin/env python3
"""Hostile-client probe (issue 13, acceptance 2): repeats the attacks of the security review
against a running cramp-advisor and fails if any of them works. Standard library only.

    tests/security/probe.py BASE_URL

The server is expected to run with API keys on (the key in PROBE_API_KEY), a small rate limit,
no trusted proxies and a short request timeout (PROBE_REQUEST_TIMEOUT seconds, default 3):
`make probe` starts it so. Loopback only; every loop is bounded.

Attacks, in this order (the order matters: later ones use up the probe's rate-limit bucket):
  1. forwarded-header tricks: X-Forwarded-Host / Forwarded must not change card links;
  2. CDS oversize calls: a body over the limit is a 413, and the server stays up;
  3. slow senders: trickled bodies and header sections are cut, /healthz stays responsive;
  4. key spraying: random keys never get through and are throttled (429), also when each
     attempt claims another client address in X-Forwarded-For;
  5. encoded paths: every /v1 route, percent-encoded several ways, is never answered 2xx
     without a key.

With PROBE_CDS_JWT=on the server runs with CDS Hooks JWT verification on (trusting the issuer
PROBE_JWT_ISSUER with the public key in tests/security/probe-jwks.json, whose private key nobody
kept), and the probe instead forges CDS client tokens: none, a missing token, `alg: none`, an
HMAC token keyed with the public key (algorithm confusion), RS384 with a wrong signature, each on
every hook and feedback route; all must be 401 problems that never quote the token (the
discovery document stays open).
"""

import base64
import hashlib
import hmac
import json
import os
import random
import socket
import string
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
KEY = os.environ.get("PROBE_API_KEY", "")
TIMEOUT = int(os.environ.get("PROBE_REQUEST_TIMEOUT", "3"))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port or 80
FAILURES = []
# Slow bodies carry the valid key, so they use the key's bucket: stay within the burst (10).
BODIES = 8


def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def request(method, path, body=None, headers=None, timeout=10):
    """(status, headers, body bytes); never raises for HTTP errors."""
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def raw(path_bytes, headers=b""):
    """A request sent as raw bytes (urllib would normalise the path); returns the status."""
    with socket.create_connection((HOST, PORT), timeout=10) as s:
        s.sendall(b"GET " + path_bytes + b" HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n"
                  + headers + b"\r\n")
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0


def urls(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "url" and isinstance(v, str):
                yield v
            else:
                yield from urls(v)
    elif isinstance(value, list):
        for v in value:
            yield from urls(v)


def cds_call():
    with open(os.path.join(ROOT, "openapi/examples/fhir/patient_view_older_ckd_thiazide.json")) as f:
        return json.load(f)


def forwarded_tricks():
    body = json.dumps(cds_call()).encode()
    for name, value in [("X-Forwarded-Host", "evil.example"),
                        ("Forwarded", "host=evil.example;proto=https"),
                        ("X-Forwarded-Proto", "gopher")]:
        status, _, answer = request("POST", "/cds-services/nocturnal-leg-cramps", body,
                                    {"Content-Type": "application/json", name: value})
        links = list(urls(json.loads(answer))) if status == 200 else []
        check(status == 200 and links and not any("evil.example" in u or u.startswith("gopher")
                                                  for u in links),
              f"forwarded tricks: {name}: {value} does not change the {len(links)} card links")


def oversize():
    call = cds_call()
    entry = call["prefetch"]["conditions"]["entry"][0]
    call["prefetch"]["conditions"]["entry"] = [entry] * 2000
    body = json.dumps(call).encode()
    status, headers, _ = request("POST", "/cds-services/nocturnal-leg-cramps", body,
                                 {"Content-Type": "application/json"})
    check(status in (413, 422), f"CDS oversize call ({len(body)} bytes, 2000 entries): {status}")
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    check(content_type.startswith("application/problem+json"),
          "CDS oversize call answered with problem+json")
    # Under the body limit, over the entry bound: 501 small entries in one bundle.
    call = cds_call()
    call["prefetch"]["conditions"]["entry"] = [entry] * 501
    status, _, answer = request("POST", "/cds-services/nocturnal-leg-cramps",
                                json.dumps(call).encode(), {"Content-Type": "application/json"})
    check(status == 422 and b"/prefetch/conditions/entry" in answer,
          f"CDS call with 501 bundle entries refused: {status}")
    status, _, _ = request("GET", "/healthz")
    check(status == 200, "server alive after the oversize calls")


def slow_sender(kind, results):
    s = socket.create_connection((HOST, PORT), timeout=1)
    if kind == "body":
        head = ("POST /v1/assessments HTTP/1.1\r\nHost: probe\r\nContent-Type: application/json\r\n"
                f"Authorization: Bearer {KEY}\r\nContent-Length: 20000\r\n\r\n{{")
    else:
        head = "GET /healthz HTTP/1.1\r\nHost: probe\r\nX-Slow: "
    s.sendall(head.encode())
    started = time.monotonic()
    answer = b""
    while time.monotonic() - started < TIMEOUT + 5:
        try:
            s.sendall(b" ")
        except OSError:
            break
        try:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
        except socket.timeout:
            pass
        except OSError:
            break
    else:
        results.append((kind, False, answer))
        s.close()
        return
    results.append((kind, True, answer))
    s.close()


def slow_senders():
    results = []
    threads = [threading.Thread(target=slow_sender, args=(k, results))
               for k in ["body"] * BODIES + ["headers"] * 20]
    for t in threads:
        t.start()
    slowest = 0.0
    started = time.monotonic()
    while time.monotonic() - started < TIMEOUT:
        t0 = time.monotonic()
        status, _, _ = request("GET", "/healthz", timeout=5)
        slowest = max(slowest, time.monotonic() - t0)
        check(status == 200, "healthz served during the slow senders") if status != 200 else None
        time.sleep(0.2)
    for t in threads:
        t.join(TIMEOUT + 10)
    cut = sum(1 for _, ok, _ in results if ok)
    check(cut == len(threads), f"slow senders: {cut}/{len(threads)} cut within {TIMEOUT + 5} s")
    timed_out = sum(1 for k, _, a in results if k == "body" and a.startswith(b"HTTP/1.1 408")
                    and b"application/problem+json" in a)
    check(timed_out == BODIES, f"slow bodies answered 408 problem+json: {timed_out}/{BODIES}")
    check(slowest < 1.0, f"healthz stayed responsive (slowest {slowest * 1000:.0f} ms)")


def encoded_paths():
    status, _, spec = request("GET", "/openapi.json")
    paths = [p for p in json.loads(spec)["paths"] if p.startswith("/v1")]
    paths = [p.replace("{cause_id}", "cold").replace("{remedy_id}", "stretching") for p in paths]
    bad = []
    sent = 0
    for path in paths:
        spellings = {
            "%76" + path[2:],
            "/" + "".join("%%%02X" % ord(c) for c in path[1:3]) + path[3:],
            "/v1/../" + path[1:],
            path.upper().replace("/V1", "/%761"),
            "/%2576" + path[2:],
            "//" + path[1:],
        }
        for spelling in spellings:
            s = spelling if spelling.startswith("/") else "/" + spelling
            for method_path in [s.encode()]:
                status = raw(method_path)
                sent += 1
                if 200 <= status < 300 or status == 0:
                    bad.append((s, status))
    check(not bad, f"encoded paths: {sent} spellings of {len(paths)} /v1 paths, none 2xx without a key {bad[:5]}")


def key_spraying():
    statuses = []
    for i in range(30):
        key = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        status, _, body = request("GET", "/v1/causes", headers={
            "Authorization": f"Bearer {key}",
            "X-Forwarded-For": f"198.51.100.{i}",
        })
        statuses.append(status)
        if key.encode() in body:
            check(False, "a problem quoted the presented key")
    check(all(s in (401, 429) for s in statuses), f"key spraying: no random key accepted {sorted(set(statuses))}")
    first = statuses.index(429) if 429 in statuses else None
    check(first is not None and all(s == 429 for s in statuses[first:]),
          f"key spraying: throttled after {first} attempts, and from then on")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged_tokens():
    """(name, token) pairs a CDS client's key never signed, for a call to `path`."""
    with open(os.path.join(ROOT, "tests/security/probe-jwks.json")) as f:
        jwk = json.load(f)["keys"][0]
    issuer = os.environ.get("PROBE_JWT_ISSUER", "https://ehr.probe.invalid")
    audience = os.environ.get("PROBE_PUBLIC_BASE_URL", "https://cramp-advisor.probe.invalid")
    now = int(time.time())

    def forge(path, header, sign):
        claims = {"iss": issuer, "sub": "probe", "aud": audience + path, "iat": now,
                  "exp": now + 300, "jti": "".join(random.choices(string.hexdigits, k=24))}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        return signing_input + "." + b64url(sign(signing_input.encode()))

    def hmac_with_public_key(data):
        return hmac.new(json.dumps(jwk).encode(), data, hashlib.sha256).digest()

    return [
        ("alg none", lambda p: forge(p, {"alg": "none", "typ": "JWT"}, lambda d: b"")),
        ("alg None, with kid", lambda p: forge(p, {"alg": "None", "kid": jwk["kid"]}, lambda d: b"")),
        ("HS256 keyed with the public JWK", lambda p: forge(p, {"alg": "HS256", "kid": jwk["kid"]},
                                                            hmac_with_public_key)),
        ("RS384 with a random signature", lambda p: forge(p, {"alg": "RS384", "kid": jwk["kid"]},
                                                          lambda d: os.urandom(256))),
        ("RS384 with an empty signature", lambda p: forge(p, {"alg": "RS384", "kid": jwk["kid"]},
                                                          lambda d: b"")),
    ]


def forged_cds_tokens():
    body = json.dumps(cds_call()).encode()
    routes = [("POST", "/cds-services/nocturnal-leg-cramps", body),
              ("POST", "/cds-services/quinine-for-cramps", body),
              ("POST", "/cds-services/nocturnal-leg-cramps/feedback", b'{"feedback": []}')]
    refused = []
    for method, path, data in routes:
        attempts = [("no Authorization", None), ("the API key as bearer", KEY)]
        attempts += [(name, make(path)) for name, make in forged_tokens()]
        for name, token in attempts:
            headers = {"Content-Type": "application/json"}
            if token is not None:
                headers["Authorization"] = "Bearer " + token
            status, answer_headers, answer = request(method, path, data, headers)
            lower = {k.lower(): v for k, v in answer_headers.items()}
            ok = (status == 401
                  and lower.get("content-type", "").startswith("application/problem+json")
                  and lower.get("www-authenticate", "").startswith("Bearer")
                  and (token is None or token.encode() not in answer))
            if not ok:
                refused.append((method, path, name, status))
    check(not refused, f"CDS JWT: {len(routes)} routes x unsigned/forged tokens all 401 problem+json, "
                       f"never quoting the token {refused[:5]}")
    # An unsigned call over the entry bound is refused for its token, before its body is read.
    call = cds_call()
    call["prefetch"]["conditions"]["entry"] = [call["prefetch"]["conditions"]["entry"][0]] * 501
    status, _, _ = request("POST", "/cds-services/nocturnal-leg-cramps", json.dumps(call).encode(),
                           {"Content-Type": "application/json"})
    check(status == 401, f"CDS JWT: an unsigned call over the entry bound is refused (401, not 422): {status}")


def main():
    status, _, _ = request("GET", "/readyz")
    check(status == 200, f"server ready at {BASE}")
    if os.environ.get("PROBE_CDS_JWT") == "on":
        forged_cds_tokens()
        status, _, _ = request("GET", "/healthz")
        check(status == 200, "server alive at the end")
        print(f"probe (CDS JWT on): {len(FAILURES)} failure(s)")
        sys.exit(1 if FAILURES else 0)
    check(bool(KEY), "PROBE_API_KEY is set (the server runs with keys on)")
    forwarded_tricks()
    oversize()
    slow_senders()
    key_spraying()
    encoded_paths()
    status, _, _ = request("GET", "/healthz")
    check(status == 200, "server alive at the end")
    print(f"probe: {len(FAILURES)} failure(s)")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
