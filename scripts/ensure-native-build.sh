#!/usr/bin/env bash
# Lets the install compile better-sqlite3 (the SQLite response store) offline: no prebuilt binary can be downloaded
# here, so node-gyp builds it, from the Node headers this Node was installed with (not from nodejs.org). Installs a C++
# toolchain with apt-get when one is missing and we may. Sourced by the other scripts.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
if ! command -v make >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing a C++ toolchain (make, g++, python3) to build better-sqlite3 …"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make g++ python3 >/dev/null
  else
    echo "better-sqlite3 needs make, g++ and python3 to build; install them (e.g. apt-get install make g++ python3)." >&2
  fi
fi
