#!/usr/bin/env bash
# Writes the gateway's runtime files to one directory: its dist/, its production dependencies (the workspace
# packages copied in, not linked) and nothing else. The Dockerfile's runtime image is this directory; the deploy test
# runs the same script and starts the gateway from its output. Needs `pnpm install` and `pnpm build` first.
#   scripts/deploy-gateway.sh /out
set -euo pipefail
if [ "$#" -ne 1 ]; then
  echo "usage: $0 <output directory>" >&2
  exit 2
fi
out="$(realpath -m "$1")"
cd "$(dirname "$0")/.."
pnpm --filter @modelmux/gateway deploy --prod "$out"
# better-sqlite3's sources and compiler output (about 15 MB) are not needed at run time; its .node binary stays.
for package in "$out"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
  [ -d "$package" ] || continue
  rm -rf "$package/deps" "$package/src" "$package/build/deps"
  find "$package/build/Release" -mindepth 1 -maxdepth 1 ! -name '*.node' -exec rm -rf {} +
  rm -f "$package/build/Release/test_extension.node"
done
