#!/usr/bin/env bash
# Runs one benchmark (or all): bench/<name>.ts is bundled with esbuild (dependencies stay external)
# and run with node. Figures are printed as ratios against a baseline measured in the same run.
#   npm run bench              # every bench/*.ts
#   npm run bench -- alerts    # bench/alerts*.ts only
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || npm run build
mkdir -p .tmp/bench
pattern="${1:-}"
for src in bench/*.ts; do
  name=$(basename "$src" .ts)
  [[ -n "$pattern" && "$name" != *"$pattern"* ]] && continue
  out=".tmp/bench/$name.mjs"
  if grep -q '^// bench: built as shipped' "$src"; then
    # Built as `npm run build` builds oncall (every package bundled, with its patches: string-width's
    # fast path for symbols, yoga without fetch...), so CPU figures are those of the code users run.
    node scripts/build-bundle.mjs --entry="$src" --outfile="$out" >/dev/null
  else
    npx esbuild "$src" --bundle --platform=node --format=esm --packages=external --log-level=warning --outfile="$out"
  fi
  echo "== $name"
  node "$out"
done
