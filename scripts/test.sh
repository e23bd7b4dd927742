#!/usr/bin/env bash
# One command for the whole check: install, build, lint, conventions, typecheck and every test.
# CI runs exactly this (through .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
source scripts/ensure-native-build.sh
source scripts/ensure-redis-server.sh
pnpm install --frozen-lockfile
pnpm build
pnpm lint
pnpm check:conventions
pnpm typecheck
pnpm test
