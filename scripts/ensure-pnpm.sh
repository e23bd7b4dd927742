#!/usr/bin/env bash
# Puts pnpm 12.4.2 (the version pinned in package.json) on PATH, installing it with npm if needed.
# Sourced by the other scripts. Corepack is not used: its signature check fails on these machines.
PNPM_VERSION=12.4.2
if ! command -v node >/dev/null 2>&1; then
  echo "modelmux needs Node.js >= 20.19 (with npm) on PATH." >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "modelmux needs Node.js >= 20.19; this is $(node -v)." >&2
  exit 1
}
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  prefix="${MODELMUX_TOOLS_DIR:-$HOME/.cache/modelmux/tools}/pnpm-$PNPM_VERSION"
  if [ ! -x "$prefix/bin/pnpm" ]; then
    echo "Installing pnpm $PNPM_VERSION into $prefix …"
    npm install --global --prefix "$prefix" --save-exact --no-audit --no-fund --allow-scripts=pnpm "pnpm@$PNPM_VERSION" >/dev/null || {
      echo "Could not install pnpm $PNPM_VERSION with npm." >&2
      exit 1
    }
  fi
  export PATH="$prefix/bin:$PATH"
  if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "pnpm $PNPM_VERSION is not usable from $prefix." >&2
    exit 1
  fi
fi
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
