#!/usr/bin/env bash
# Asks a real kube-apiserver (1.30+) what an installed revision's injector may do, from outside: `kubectl auth can-i`
# and writes made as its ServiceAccount (impersonated) with --dry-run=server, which runs RBAC and admission (the
# ValidatingAdmissionPolicy) but stores nothing. Needs a kubeconfig that may impersonate service accounts and create
# MutatingWebhookConfigurations (cluster-admin), and the revision installed with --certs self, e.g.
#   kubectl apply -k manifests/asm-1233-2 && kubectl -n istio-system rollout status deploy/injector-asm-1233-2
# Usage: tools/check-least-privilege.sh [REVISION] [NAMESPACE]     (default asm-1233-2 istio-system)
# It creates two inert webhook configurations (selectors that match nothing, failurePolicy Ignore) for the checks and
# deletes them on exit. Prints one PASS/FAIL line per check; exits 1 when any check fails.
set -uo pipefail
rev=${1:-asm-1233-2}
ns=${2:-istio-system}
sa="system:serviceaccount:$ns:injector-$rev"
own="injector-$rev"
tag="injector-revision-tag-lp-check-$rev"
foreign="lp-check-foreign-$rev"
failures=0

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

# can VERB RESOURCE EXPECTED [-n NS]: what `auth can-i` answers for the ServiceAccount.
can() {
  local verb=$1 resource=$2 expected=$3; shift 3
  local answer
  answer=$(kubectl auth can-i "$verb" "$resource" --as "$sa" "$@" 2>/dev/null)
  [ "$answer" = "$expected" ] && pass "can-i $verb $resource $*: $answer" || fail "can-i $verb $resource $*: $answer, expected $expected"
}

# write EXPECTED DESCRIPTION -- KUBECTL ARGS: a dry-run write as the ServiceAccount. EXPECTED is allowed, policy
# (refused by the ValidatingAdmissionPolicy) or rbac (refused by RBAC before admission).
write() {
  local expected=$1 what=$2; shift 3
  local out
  out=$(kubectl "$@" --as "$sa" --dry-run=server 2>&1)
  local status=$?
  local got=allowed
  if [ $status -ne 0 ]; then
    case "$out" in
      *ValidatingAdmissionPolicy*) got=policy ;;
      *AlreadyExists*|*"already exists"*) got=allowed ;;   # admission passed; the object exists
      *forbidden*|*Forbidden*) got=rbac ;;
      *) got="error: $out" ;;
    esac
  fi
  [ "$got" = "$expected" ] && pass "$what: $got" || fail "$what: $got, expected $expected ($out)"
}

inert_configuration() { # NAME LABELS(json) SERVICE
  cat <<EOF
{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration",
 "metadata":{"name":"$1","labels":$2},
 "webhooks":[{"name":"rev.namespace.sidecar-injector.istio.io",
   "clientConfig":{"service":{"name":"$3","namespace":"$ns","path":"/inject"}},
   "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}],
   "namespaceSelector":{"matchLabels":{"istio.io/deactivated":"never-match"}},
   "objectSelector":{"matchLabels":{"istio.io/deactivated":"never-match"}},
   "failurePolicy":"Ignore","sideEffects":"None","admissionReviewVersions":["v1"]}]}
EOF
}

kubectl get mutatingwebhookconfiguration "$own" >/dev/null || { echo "check-least-privilege: $own is not installed" >&2; exit 2; }
trap 'kubectl delete mutatingwebhookconfiguration "$tag" "$foreign" --ignore-not-found >/dev/null' EXIT
inert_configuration "$tag" "{\"app\":\"sidecar-injector\",\"istio.io/rev\":\"$rev\",\"istio.io/tag\":\"lp-check-$rev\"}" "$own" | kubectl apply -f - >/dev/null
inert_configuration "$foreign" '{"app":"lp-check"}' "lp-check" | kubectl apply -f - >/dev/null

echo "# RBAC (kubectl auth can-i as $sa)"
can list mutatingwebhookconfigurations yes
for verb in get watch create update delete; do
  can "$verb" "mutatingwebhookconfigurations/$foreign" no
  can "$verb" "mutatingwebhookconfigurations/$own" no
done
# RBAC cannot name tags (named after install) nor match labels: patch is granted on every configuration, and the
# policy refuses the writes (below).
can patch "mutatingwebhookconfigurations/$foreign" yes
can patch validatingwebhookconfigurations no
can get "secrets/$own-tls" yes -n "$ns"
can update "secrets/$own-tls" yes -n "$ns"
can create secrets yes -n "$ns"
for verb in get update delete; do can "$verb" secrets/cacerts no -n "$ns"; done
can list secrets no -n "$ns"
can watch "secrets/$own-tls" no -n "$ns"
can create secrets no -n default
can get configmaps no -n "$ns"
can list nodes no
can list pods no --all-namespaces

echo "# Writes as $sa (--dry-run=server: RBAC and admission run, nothing is stored)"
bundle='[{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"bHAtY2hlY2s="}]'
write allowed "JSON patch of its own caBundle" -- patch mutatingwebhookconfiguration "$own" --type=json -p "$bundle"
write allowed "JSON patch of its tag's caBundle" -- patch mutatingwebhookconfiguration "$tag" --type=json -p "$bundle"
write policy "JSON patch of another configuration's caBundle" -- patch mutatingwebhookconfiguration "$foreign" --type=json -p "$bundle"
write policy "merge patch relabelling another configuration into the revision" -- patch mutatingwebhookconfiguration "$foreign" --type=merge \
  -p "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"$rev\",\"istio.io/tag\":\"x\"}}}"
write policy "merge patch of a label on its own configuration" -- patch mutatingwebhookconfiguration "$own" --type=merge -p '{"metadata":{"labels":{"x":"y"}}}'
write policy "strategic patch of an annotation on its tag" -- patch mutatingwebhookconfiguration "$tag" --type=strategic \
  -p '{"metadata":{"annotations":{"cert-manager.io/inject-ca-from":"x/y"}}}'
write policy "JSON patch of its own webhook's port" -- patch mutatingwebhookconfiguration "$own" --type=json \
  -p '[{"op":"add","path":"/webhooks/0/clientConfig/service/port","value":8443}]'
write policy "JSON patch of its own webhook's failurePolicy" -- patch mutatingwebhookconfiguration "$own" --type=json \
  -p '[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]'
write policy "JSON patch adding a finalizer to its tag" -- patch mutatingwebhookconfiguration "$tag" --type=json \
  -p '[{"op":"add","path":"/metadata/finalizers","value":["x"]}]'
write policy "server-side apply of a label on its own configuration" -- apply --server-side --force-conflicts --field-manager lp-check -f - <<EOF
{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"$own","labels":{"x":"y"}}}
EOF
kubectl get mutatingwebhookconfiguration "$own" -o json > "${TMPDIR:-/tmp}/lp-check-$rev.json"
write rbac "update (PUT) of its own configuration" -- replace -f "${TMPDIR:-/tmp}/lp-check-$rev.json"
write rbac "delete of its own configuration" -- delete mutatingwebhookconfiguration "$own"
write rbac "create of a webhook configuration" -- create -f <(inert_configuration "lp-check-new-$rev" '{}' lp-check)
write policy "create of Secret cacerts in $ns" -- create secret generic cacerts -n "$ns" --from-literal=x=y
write allowed "create of its own Secret $own-tls" -- create secret generic "$own-tls" -n "$ns" --from-literal=x=y

echo "$failures failed"
[ "$failures" -eq 0 ]
