#!/usr/bin/env bash
# Publishes the AOT binary (zero IL2xxx/IL3xxx warnings), starts it on its embedded default, sends the
# kube-apiserver fixture with curl (as the README shows) and checks the patched pod.
set -euo pipefail
cd "$(dirname "$0")/.."
fixture=tests/testdata/apiserver/apiserver-v1.32-pod-create.json
out=artifacts/publish
mkdir -p artifacts
dotnet publish src/Injector/Injector.csproj -c Release -r linux-x64 -o "$out" 2>&1 | tee artifacts/publish.log
if grep -E 'warning IL[23][0-9]{3}' artifacts/publish.log; then echo "smoke: AOT/trim warnings found"; exit 1; fi
echo "smoke: binary $(stat -c %s "$out/injector") bytes"

port=25017 mport=25014
"$out/injector" serve --port $port --monitoring-port $mport > artifacts/serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$mport/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$mport/readyz" >/dev/null || { cat artifacts/serve.log; echo "smoke: never ready"; exit 1; }

curl -sk -H 'Content-Type: application/json' --data-binary @"$fixture" \
  "https://127.0.0.1:$port/inject?timeout=10s" > artifacts/response.json
jq -e --slurpfile req "$fixture" '.response.uid == $req[0].request.uid and .response.allowed == true
  and .response.patchType == "JSONPatch" and .apiVersion == "admission.k8s.io/v1"' artifacts/response.json >/dev/null \
  || { cat artifacts/response.json; echo "smoke: bad review envelope"; exit 1; }
jq -r .response.patch artifacts/response.json | base64 -d > artifacts/patch.json

# Apply the RFC 6902 patch to the pod as sent (add/replace/remove; '-' appends; ~1 and ~0 unescaped) and check it.
jq --slurpfile patch artifacts/patch.json '
  def ptr: split("/")[1:] | map(gsub("~1"; "/") | gsub("~0"; "~") | (tonumber? // .));
  .request.object | reduce $patch[0][] as $op (.;
    ($op.path | ptr) as $p
    | if $op.op == "add" then
        (if $p[-1] == "-" then setpath($p[:-1]; (getpath($p[:-1]) // []) + [$op.value])
         elif ($p[-1] | type) == "number" then setpath($p[:-1]; getpath($p[:-1])[:$p[-1]] + [$op.value] + getpath($p[:-1])[$p[-1]:])
         else setpath($p; $op.value) end)
      elif $op.op == "replace" then setpath($p; $op.value)
      elif $op.op == "remove" then delpaths([$p])
      else error("unexpected op " + $op.op) end)' "$fixture" > artifacts/patched-pod.json
jq -e '
  ([.spec.initContainers[].name] == ["istio-init", "istio-proxy"])
  and (.spec.initContainers[1].restartPolicy == "Always")
  and ([.spec.containers[].name] == ["app"])
  and ([.spec.volumes[].name] | index("istio-envoy") != null)
  and (.metadata.labels["security.istio.io/tlsMode"] == "istio")
  and (.metadata.annotations["sidecar.istio.io/status"] | fromjson | .revision == "default")' artifacts/patched-pod.json >/dev/null \
  || { jq . artifacts/patched-pod.json; echo "smoke: patched pod is not as expected"; exit 1; }
curl -sf "http://127.0.0.1:$mport/metrics" | grep -q '^sidecar_injection_success_total{.*revision="default".*} 1' \
  || { echo "smoke: metrics missing"; exit 1; }
echo "smoke: OK (fixture injected, patch applies, metrics exported)"
