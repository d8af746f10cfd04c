"""Folds `perf script` stacks (stdin) and prints the inclusive share of the request path's parts.

A part's share is the fraction of samples whose stack contains a frame matching it: that is what
a flame graph shows as the width of the part's tower. Parts can nest (serialising includes
escaping), so the column does not add up to 100%.
"""
import re
import sys
from collections import Counter

PARTS = [
    ("whole request handling (actix dispatcher)", r"actix_http::h1::dispatcher"),
    ("read the body", r"cramp_advisor::http::body::read|actix_http::h1::payload|web::payload"),
    ("parse the profile (one pass + slow path)", r"cramp_advisor::api::body::parse_profile"),
    ("  strict JSON tree (duplicate keys; slow path)", r"http::body::strict"),
    ("  error-collecting decode (slow path)", r"decode_collecting|deserialize_collecting"),
    ("engine (assess)", r"cramp_advisor::engine::assess"),
    ("serialise the answer", r"serde_json::ser::to_writer|serde_json::ser::to_vec|assessments::to_json"),
    ("  string escaping", r"format_escaped_str"),
    ("CDS: build cards", r"cramp_advisor::cds::cards"),
    ("CDS: read/decode the call", r"cramp_advisor::cds::services::checked_call|cds::body"),
    ("middleware: edge (ids, limits, headers)", r"cramp_advisor::http::middleware::edge"),
    ("middleware: access guard", r"cramp_advisor::http::access::guard"),
    ("middleware: metrics", r"cramp_advisor::http::metrics::record"),
    ("middleware: CORS", r"actix_cors"),
    ("access log line (tracing)", r"tracing_subscriber::fmt|tracing_actix_web"),
    ("request id (uuid)", r"uuid::"),
    ("compression middleware", r"actix_web::middleware::compress"),
    ("malloc/free", r"^(malloc|free|realloc|calloc|_int_malloc|_int_free|cfree|__libc_malloc|__libc_free)"),
    ("socket write (sendto/writev)", r"__send|sendto|writev|__libc_write|tcp_sendmsg"),
    ("socket read (recvfrom)", r"recvfrom|__libc_recv|tcp_recvmsg"),
    ("epoll / scheduling", r"epoll_wait|schedule"),
]

def stacks(lines):
    stack = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line[0] not in " \t":
            continue  # the sample's header line
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            stack.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1].split(" (")[0]))
    if stack:
        yield stack

total = 0
hits = Counter()
leaf = Counter()
for stack in stacks(sys.stdin):
    total += 1
    leaf[stack[0]] += 1
    for name, pattern in PARTS:
        rx = re.compile(pattern)
        if any(rx.search(f) for f in stack):
            hits[name] += 1
if not total:
    sys.exit("no samples")
print(f"{total} samples")
print("| part of the request path | inclusive share of server CPU |")
print("|---|---|")
for name, _ in PARTS:
    print(f"| {name} | {100 * hits[name] / total:.1f}% |")
print()
print("hottest leaf functions (self time):")
for f, n in leaf.most_common(12):
    print(f"  {100 * n / total:5.1f}%  {f[:110]}")
