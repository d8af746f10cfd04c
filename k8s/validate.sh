#!/usr/bin/env bash
# Offline validation of everything under k8s/ (no cluster, no registry, no Docker engine).
#
#   k8s/validate.sh VENV_BIN               validate base + every overlay, lint YAML and Dockerfile
#   k8s/validate.sh --self-test VENV_BIN   prove the checks bite: every case in k8s/tests/broken/
#                                          must be rejected, with the message in its `expect` file
#
# VENV_BIN is a bin directory holding kubernetes-validate, yamllint, hadolint and a python with
# PyYAML (e.g. .venv/bin, from .ci/requirements.txt). kubectl (client only) must be on PATH:
# `kubectl kustomize` renders offline.
#
# For each of base and k8s/overlays/*: render with `kubectl kustomize`, validate every resource
# against the Kubernetes JSON schemas with `kubernetes-validate --strict` (unknown fields fail) for
# each version in KUBE_VERSIONS, require a Deployment, and check invariants schemas cannot
# express (k8s/checks.py).
# kubernetes-validate only *warns* (exit 0) for a kind/apiVersion it has no schema for, so a
# resource counts only if it was reported as passed. Then yamllint (k8s/.yamllint.yaml, strict)
# over k8s/, hadolint (k8s/.hadolint.yaml) over k8s/Dockerfile, and repository checks (the image
# build context holds every file src/ includes; image tag and version label = Cargo.toml version).
set -euo pipefail

# Oldest supported (the preStop sleep action is on by default from 1.30) and a current release.
KUBE_VERSIONS=${KUBE_VERSIONS:-"1.30.0 1.33.0"}

usage() {
  echo "usage: $0 [--self-test] VENV_BIN   (e.g. $0 .venv/bin)" >&2
  exit 2
}

self_test=0
if [[ ${1:-} == --self-test ]]; then
  self_test=1
  shift
fi
[[ $# -eq 1 ]] || usage
[[ -d $1 ]] || { echo "$0: $1 is not a directory" >&2; exit 2; }
venv_bin=$(cd "$1" && pwd)
k8s_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root_dir=$(dirname "$k8s_dir")

for tool in kubernetes-validate yamllint hadolint python; do
  [[ -x $venv_bin/$tool ]] || { echo "$0: $venv_bin/$tool not found (pip install -r .ci/requirements.txt)" >&2; exit 2; }
done
command -v kubectl >/dev/null || { echo "$0: kubectl not found on PATH" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check_kustomization DIR: render DIR, schema-validate and check invariants. Prints findings;
# returns non-zero if there was any.
check_kustomization() {
  local dir=$1 name file count version out passed invalid problems rc=0
  name=${dir#"$k8s_dir"/}
  name=${name%/}
  file="$(tr / - <<<"$name").yaml"
  if ! kubectl kustomize "$dir" >"$tmp/$file" 2>"$tmp/kustomize.err"; then
    cat "$tmp/kustomize.err"
    echo "FAIL $name: kubectl kustomize failed"
    return 1
  fi
  count=$(grep -c '^kind:' "$tmp/$file" || true)
  # Every schema and policy check can pass on what remains when the Deployment is gone (a
  # Service, an HPA and policies for pods that never run): the service itself must be there.
  if ! grep -qx 'kind: Deployment' "$tmp/$file"; then
    echo "FAIL $name: renders no Deployment: nothing would run the service"
    rc=1
  fi
  for version in $KUBE_VERSIONS; do
    out=$(cd "$tmp" && "$venv_bin/kubernetes-validate" --strict -k "$version" "$file" 2>&1) || rc=1
    passed=$(grep -c ' passed for resource ' <<<"$out" || true)
    invalid=$(grep -c ' did not validate for resource ' <<<"$out" || true)
    problems=$(grep -v ' passed for resource ' <<<"$out" || true)
    if [[ -n $problems ]]; then
      echo "$problems"
      rc=1
    fi
    if [[ $((passed + invalid)) -ne $count ]]; then
      echo "SCHEMA $name: $((count - passed - invalid)) of $count resources not validated: no schema for" \
        "Kubernetes $version (misspelt apiVersion or kind?)"
      rc=1
    elif [[ -z $problems ]]; then
      echo "ok   $name: $count resources valid against Kubernetes $version (strict)"
    fi
  done
  if (cd "$tmp" && "$venv_bin/python" "$k8s_dir/checks.py" manifests "$file"); then
    echo "ok   $name: invariants (security context, probes, resources, shutdown timing, ports, ingress)"
  else
    rc=1
  fi
  return "$rc"
}

run_hadolint() {
  "$venv_bin/hadolint" --no-color --config "$k8s_dir/.hadolint.yaml" "$1"
}

if [[ $self_test -eq 1 ]]; then
  failures=0
  cases=0
  for case_dir in "$k8s_dir"/tests/broken/*/; do
    case_dir=${case_dir%/}
    cases=$((cases + 1))
    name=${case_dir#"$k8s_dir"/}
    expect=$(<"$case_dir/expect")
    if [[ -f $case_dir/Dockerfile ]]; then
      out=$(run_hadolint "$case_dir/Dockerfile" 2>&1) && status=0 || status=$?
    else
      out=$(check_kustomization "$case_dir" 2>&1) && status=0 || status=$?
    fi
    if [[ $status -eq 0 ]]; then
      echo "FAIL $name: was accepted, but it is broken on purpose"
      failures=$((failures + 1))
    elif ! grep -qF -- "$expect" <<<"$out"; then
      echo "FAIL $name: rejected, but not with \"$expect\":"
      while IFS= read -r line; do echo "       $line"; done <<<"$out"
      failures=$((failures + 1))
    else
      echo "ok   $name: rejected as expected: \"$expect\""
    fi
  done
  if [[ $cases -eq 0 ]]; then
    echo "FAIL no cases under k8s/tests/broken/"
    exit 1
  fi
  if [[ $failures -ne 0 ]]; then
    echo "k8s self-test: $failures of $cases broken cases were not caught"
    exit 1
  fi
  echo "k8s self-test: all $cases broken cases rejected"
  exit 0
fi

failed=0
for dir in "$k8s_dir/base" "$k8s_dir"/overlays/*/; do
  check_kustomization "$dir" || failed=1
done

if "$venv_bin/yamllint" --strict -f parsable -c "$k8s_dir/.yamllint.yaml" "$k8s_dir"; then
  echo "ok   yamllint: k8s/"
else
  failed=1
fi

if run_hadolint "$k8s_dir/Dockerfile"; then
  echo "ok   hadolint: k8s/Dockerfile"
else
  failed=1
fi

if "$venv_bin/python" "$k8s_dir/checks.py" repo "$root_dir"; then
  echo "ok   repo: build context holds every file src/ includes; image tag and labels = Cargo.toml version"
else
  failed=1
fi

if [[ $failed -ne 0 ]]; then
  echo "k8s validation FAILED"
  exit 1
fi
echo "k8s validation passed"
