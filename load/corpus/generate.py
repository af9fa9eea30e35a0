#!/usr/bin/env python3
"""Builds the load-test and benchmark request bodies from the real kube-apiserver fixture.

Every body is an AdmissionReview for a pod CREATE, derived from the captured request so that the envelope, the
defaults the API server fills in, managedFields and the ServiceAccount volume stay real. Output: compact JSON, one
line, ending in a newline (as the API server sends it), plus mix.txt listing the bodies the load tests rotate through.
Standard library only.
"""
import argparse
import copy
import json
import os
import sys
import uuid

# Bodies the HTTP load tests rotate through, one request each in turn (see load/README.md).
LOAD_MIX = ["fixture", "one-container", "ten-containers-probes", "env-2000", "skipped", "v1beta1"]


def probe(port_name, path):
    # The API server fills probe defaults in before admission; so do we.
    return {"httpGet": {"path": path, "port": port_name, "scheme": "HTTP"}, "timeoutSeconds": 1,
            "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}


def app_container(template, index, with_probes):
    c = copy.deepcopy(template)
    c["name"] = f"app-{index}"
    c["image"] = f"registry.invalid/demo-{index}:1"
    if with_probes:
        c["ports"] = [{"name": f"http-{index}", "containerPort": 8000 + index, "protocol": "TCP"}]
        c["livenessProbe"] = probe(f"http-{index}", "/healthz")
        c["readinessProbe"] = probe(f"http-{index}", "/ready")
    return c


def with_uid(review, name):
    # Distinct, deterministic uids: the answer must echo each one.
    review["request"]["uid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "injector-load/" + name))
    return review


def pod_of(review):
    return review["request"]["object"]


def containers(base, count, with_probes):
    r = copy.deepcopy(base)
    template = pod_of(r)["spec"]["containers"][0]
    pod_of(r)["spec"]["containers"] = [app_container(template, i, with_probes) for i in range(count)]
    return r


def env_pod(base, count):
    r = copy.deepcopy(base)
    c = pod_of(r)["spec"]["containers"][0]
    c["env"] = [{"name": f"ENV_{i:04d}", "value": f"value-{i:04d}-" + "x" * 40} for i in range(count)]
    return r


def skipped(base):
    r = copy.deepcopy(base)
    pod_of(r)["metadata"]["labels"]["sidecar.istio.io/inject"] = "false"
    return r


def v1beta1(base, fixtures_dir):
    captured = os.path.join(fixtures_dir, "v1beta1.json")
    if os.path.exists(captured):
        with open(captured, encoding="utf-8") as f:
            return json.load(f)
    r = copy.deepcopy(base)
    r["apiVersion"] = "admission.k8s.io/v1beta1"
    return r


def build(fixtures_dir):
    with open(os.path.join(fixtures_dir, "apiserver-v1.32-pod-create.json"), encoding="utf-8") as f:
        base = json.load(f)
    bodies = {
        "fixture": copy.deepcopy(base),
        "one-container": containers(base, 1, with_probes=False),
        "ten-containers-probes": containers(base, 10, with_probes=True),
        "containers-100": containers(base, 100, with_probes=True),
        "skipped": skipped(base),
        "v1beta1": v1beta1(base, fixtures_dir),
    }
    for n in (1000, 2000, 4000):
        bodies[f"env-{n}"] = env_pod(base, n)
    for name, review in bodies.items():
        if name != "fixture":  # the fixture stays byte-for-byte as captured
            with_uid(review, name)
    return bodies


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=os.path.join(repo, "tests", "testdata", "apiserver"))
    parser.add_argument("--out", default=os.path.join(here, "out"))
    args = parser.parse_args()
    fixture = os.path.join(args.fixtures, "apiserver-v1.32-pod-create.json")
    if not os.path.exists(fixture):
        sys.exit(f"corpus: fixture not found: {fixture} (--fixtures)")
    os.makedirs(args.out, exist_ok=True)
    for name, review in build(args.fixtures).items():
        path = os.path.join(args.out, name + ".json")
        if name == "fixture":
            with open(fixture, "rb") as src, open(path, "wb") as dst:
                dst.write(src.read())
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(review, separators=(",", ":")) + "\n")
    with open(os.path.join(args.out, "mix.txt"), "w", encoding="utf-8") as f:
        f.write("".join(name + ".json\n" for name in LOAD_MIX))
    print(f"corpus: {len(LOAD_MIX)} load bodies + benchmark bodies in {args.out}")


if __name__ == "__main__":
    main()
