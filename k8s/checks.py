"""Checks that JSON schemas cannot express, run by k8s/validate.sh.

  python k8s/checks.py manifests RENDERED.yaml   # invariants of one rendered overlay
  python k8s/checks.py repo REPO_ROOT             # the image's build context holds what src/ needs;
                                                  # k8s/base's image tag and version label = Cargo.toml

Each failure prints one `INVARIANT ...` line; the exit code is 1 if there was any.
Needs PyYAML (installed with kubernetes-validate).
"""

import pathlib
import re
import sys
import tomllib

import yaml

DEFAULT_SHUTDOWN_TIMEOUT = 25  # the service's default APP_SHUTDOWN_TIMEOUT_SECONDS
DEFAULT_SHUTDOWN_DRAIN = 5  # the service's default APP_SHUTDOWN_DRAIN_SECONDS


def _env_of(container, configmaps):
    """The container's environment: envFrom ConfigMaps, then env (which wins)."""
    env = {}
    for src in container.get("envFrom", []):
        ref = src.get("configMapRef")
        if ref is not None:
            env.update(configmaps.get(ref["name"], {}))
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
    return env


def _routes_metrics(path, path_type):
    """True if an Ingress path would forward GET /metrics."""
    if path_type == "Exact":
        return path == "/metrics"
    # Prefix matches whole path segments; ImplementationSpecific is treated as a prefix too.
    prefix = path.rstrip("/")
    return prefix == "" or "/metrics" == prefix or "/metrics".startswith(prefix + "/")


def check_manifests(filename):
    docs = [d for d in yaml.safe_load_all(pathlib.Path(filename).read_text()) if d]
    errors = []
    configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
    secrets_or_cms = set(configmaps)
    hpa_targets = {
        d["spec"]["scaleTargetRef"]["name"]
        for d in docs
        if d["kind"] == "HorizontalPodAutoscaler" and d["spec"]["scaleTargetRef"]["kind"] == "Deployment"
    }
    policy_ports = {
        port.get("port")
        for d in docs
        if d["kind"] == "NetworkPolicy"
        for rule in d["spec"].get("ingress", [])
        for port in rule.get("ports", [])
    }

    for d in docs:
        kind, name = d["kind"], d["metadata"]["name"]
        where = f"{kind}/{name}"
        if kind == "Deployment":
            spec = d["spec"]
            pod = spec["template"]["spec"]
            if name in hpa_targets and "replicas" in spec:
                errors.append(f"{where}: sets spec.replicas but an HPA scales it (apply would reset the count)")
            if pod.get("automountServiceAccountToken") is not False:
                errors.append(f"{where}: automountServiceAccountToken must be false")
            pod_sc = pod.get("securityContext", {})
            for c in pod["containers"]:
                cw = f"{where} container {c['name']}"
                sc = c.get("securityContext", {})
                if not (sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True):
                    errors.append(f"{cw}: runAsNonRoot must be true")
                if sc.get("readOnlyRootFilesystem") is not True:
                    errors.append(f"{cw}: readOnlyRootFilesystem must be true")
                if sc.get("allowPrivilegeEscalation") is not False:
                    errors.append(f"{cw}: allowPrivilegeEscalation must be false")
                if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                    errors.append(f"{cw}: capabilities must drop ALL")
                seccomp = sc.get("seccompProfile", pod_sc.get("seccompProfile", {}))
                if seccomp.get("type") != "RuntimeDefault":
                    errors.append(f"{cw}: seccompProfile must be RuntimeDefault")
                image = c.get("image", "")
                if "@sha256:" not in image and (":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")):
                    errors.append(f"{cw}: image {image!r} must carry a fixed tag or digest")
                res = c.get("resources", {})
                for section in ("requests", "limits"):
                    for key in ("cpu", "memory"):
                        if key not in res.get(section, {}):
                            errors.append(f"{cw}: resources.{section}.{key} missing")
                for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
                    got = c.get(probe, {}).get("httpGet", {}).get("path")
                    if got != path:
                        errors.append(f"{cw}: {probe} must GET {path}, has {got!r}")
                if "startupProbe" not in c:
                    errors.append(f"{cw}: startupProbe missing")
                for src in c.get("envFrom", []):
                    ref = src.get("configMapRef")
                    if ref is not None and ref["name"] not in secrets_or_cms:
                        errors.append(f"{cw}: envFrom ConfigMap {ref['name']!r} is not in the rendered output")
                env = _env_of(c, configmaps)
                # Graceful shutdown: the grace period must cover preStop + the app's drain time.
                timeout = int(env.get("APP_SHUTDOWN_TIMEOUT_SECONDS", DEFAULT_SHUTDOWN_TIMEOUT))
                drain = int(env.get("APP_SHUTDOWN_DRAIN_SECONDS", DEFAULT_SHUTDOWN_DRAIN))
                pre_stop = c.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
                grace = pod.get("terminationGracePeriodSeconds", 30)
                if not pre_stop:
                    errors.append(f"{cw}: lifecycle.preStop.sleep missing (endpoints need time to update)")
                if grace <= pre_stop + drain + timeout:
                    errors.append(
                        f"{cw}: terminationGracePeriodSeconds {grace} must exceed preStop sleep {pre_stop}"
                        f" + APP_SHUTDOWN_DRAIN_SECONDS {drain} + APP_SHUTDOWN_TIMEOUT_SECONDS {timeout}"
                    )
                # One port everywhere: APP_PORT, containerPort, probes (by name), NetworkPolicy.
                app_port = int(env.get("APP_PORT", 8080))
                container_ports = {p["containerPort"] for p in c.get("ports", [])}
                if container_ports != {app_port}:
                    errors.append(f"{cw}: containerPort {sorted(container_ports)} != APP_PORT {app_port}")
                if policy_ports and policy_ports != {app_port}:
                    errors.append(f"{where}: NetworkPolicy ports {sorted(policy_ports)} != APP_PORT {app_port}")
                if env.get("APP_HOST") != "0.0.0.0":
                    errors.append(f"{cw}: APP_HOST must be 0.0.0.0 in a pod, has {env.get('APP_HOST')!r}")
        elif kind == "Ingress":
            for rule in d["spec"].get("rules", []):
                for p in rule.get("http", {}).get("paths", []):
                    if _routes_metrics(p.get("path", "/"), p.get("pathType")):
                        errors.append(f"{where}: path {p.get('path')!r} ({p.get('pathType')}) exposes /metrics publicly")
            if not d["spec"].get("tls"):
                errors.append(f"{where}: no TLS section")

    for e in errors:
        print(f"INVARIANT {filename}: {e}")
    return 1 if errors else 0


# include!/include_str!/include_bytes!("path") and ...!(concat!("dir/", $name, ".json")): the first
# literal is the path or its leading part, resolved against the including file's directory.
INCLUDE = re.compile(r'\binclude(?:_str|_bytes)?!\(\s*(?:concat!\(\s*)?"([^"]*)"')


def check_repo(root):
    """Every file src/ compiles in is inside the image's build context; versions agree."""
    root = pathlib.Path(root).resolve()
    ignore = (root / "k8s" / "Dockerfile.dockerignore").read_text().splitlines()
    allowed = [line[1:].strip().rstrip("/") for line in ignore if line.startswith("!")]
    dockerfile = (root / "k8s" / "Dockerfile").read_text()
    copied = set()
    for line in dockerfile.splitlines():
        m = re.match(r"COPY\s+(?!--from)(.+)\s+\S+$", line.strip())
        if m:
            copied.update(s.rstrip("/") for s in m.group(1).split())
    errors = [f"k8s/Dockerfile never COPYs {a!r} (allowed by the .dockerignore)" for a in allowed if a not in copied]
    for rs in sorted((root / "src").rglob("*.rs")):
        for target in INCLUDE.findall(rs.read_text()):
            path = (rs.parent / target).resolve()
            rel = path.relative_to(root) if path.is_relative_to(root) else path
            if target.endswith("/") or target == "":
                rel_str = str(rel) + "/"  # a directory prefix from concat!: everything under it
            else:
                rel_str = str(rel)
            if not any(rel_str == a or rel_str.startswith(a + "/") for a in allowed):
                errors.append(
                    f"{rs.relative_to(root)} includes {target!r} = {rel}, outside the image's build context"
                    f" ({', '.join(allowed)}): add it to k8s/Dockerfile.dockerignore and a COPY line in k8s/Dockerfile"
                )
    # One version everywhere: Cargo.toml, the base image tag and the version label.
    version = tomllib.loads((root / "Cargo.toml").read_text())["package"]["version"]
    base = yaml.safe_load((root / "k8s" / "base" / "kustomization.yaml").read_text())
    tags = {i.get("newTag") for i in base.get("images", []) if i["name"] == "cramp-advisor"}
    if tags != {version}:
        errors.append(f"k8s/base/kustomization.yaml images newTag {sorted(map(str, tags))} != Cargo.toml version {version}")
    labels = {k: v for entry in base.get("labels", []) for k, v in entry.get("pairs", {}).items()}
    if labels.get("app.kubernetes.io/version") != version:
        errors.append(
            f"k8s/base/kustomization.yaml label app.kubernetes.io/version {labels.get('app.kubernetes.io/version')!r}"
            f" != Cargo.toml version {version}"
        )
    m = re.search(r"^ARG VERSION=(\S+)$", dockerfile, re.M)
    if not m or m.group(1) != version:
        errors.append(f"k8s/Dockerfile ARG VERSION {m.group(1) if m else None!r} != Cargo.toml version {version}")
    for e in errors:
        print(f"INVARIANT repo: {e}")
    return 1 if errors else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "manifests":
        return check_manifests(argv[2])
    if len(argv) == 3 and argv[1] == "repo":
        return check_repo(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
