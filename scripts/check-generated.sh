#!/usr/bin/env bash
# CI: the checked-in dashboards/, alerts/, slos/rules/ and mixin/ must be exactly what
# `headroom generate` makes from headroom.example.yaml and the example specs in slos/.
# Regenerates into a temp dir and fails with a diff when anything differs.
# Fix: node bin/headroom.mjs generate --config headroom.example.yaml --out-dir .   (then commit)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node bin/headroom.mjs generate --config headroom.example.yaml --slos slos --out-dir "$tmp" >/dev/null
status=0
for dir in dashboards alerts slos/rules mixin alertmanager; do
  if [ ! -e "$tmp/$dir" ] && [ ! -e "$dir" ]; then continue; fi
  if ! diff -ru "$dir" "$tmp/$dir"; then status=1; fi
done
if [ "$status" -ne 0 ]; then
  echo "generated files are out of date; run: node bin/headroom.mjs generate --config headroom.example.yaml --out-dir . and commit the result" >&2
  exit 1
fi
echo "generated files are current"
