#!/usr/bin/env bash
# One command for a newcomer: install, build, and start the gateway in front of an emulated upstream
# (no cloud credentials needed). Extra arguments go to `modelmux demo` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
source scripts/ensure-native-build.sh
pnpm install --frozen-lockfile
pnpm build
exec node apps/gateway/dist/cli.js demo "$@"
