#!/usr/bin/env bash
# The Redis response-store tests start their own redis-server on a free port (and stop it); this makes sure the
# binary is there, installing Debian's package when it is missing and we may. Sourced by test.sh.
if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing redis-server (Debian package) for the Redis store tests …"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "The tests need redis-server on PATH (apt-get install redis-server)." >&2
    exit 1
  fi
fi
