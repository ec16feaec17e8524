#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing, builds, type-checks, runs every test.
# Real Prometheus 2.42 and Alertmanager 0.25 come from Debian; the tests start and stop them.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v amtool >/dev/null || need+=(prometheus-alertmanager)
command -v tmux >/dev/null || need+=(tmux)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing Debian packages: $pkgs"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  else
    echo "missing: $pkgs — install them with: apt-get install -y $pkgs" >&2
    exit 1
  fi
fi
# The Debian packages enable their own services; the tests start their own instances on free ports.

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
# The build's tsc reads src only; this reads test/ and bench/ too (test/tsconfig.json, which includes
# src), so a test or bench that no longer compiles fails here, before vitest.
npm run typecheck
mkdir -p .tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json "$@" || status=$?
# One plain closing line that any CI reader understands.
node -e '
const r = JSON.parse(require("fs").readFileSync(".tmp/vitest-results.json", "utf8"));
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
