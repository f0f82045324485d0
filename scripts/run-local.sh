#!/usr/bin/env bash
# Runs the whole suite against the local reference gateway on a fresh Debian/Ubuntu machine:
# installs what is missing (npm dependencies; nginx-light through apt when we are root), then
# runs `mtls-conformance run --target local` with any extra arguments given here.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "mtls-conformance: $*" >&2; }

if ! command -v node >/dev/null 2>&1; then
  say "Node.js is missing: install Node.js 20.19 or newer (https://nodejs.org or your package manager), then run this again"
  exit 3
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  say "Node.js $(node --version) is too old: install Node.js 20.19 or newer, then run this again"
  exit 3
fi

have_nginx() { [ -n "${NGINX_BIN:-}" ] || command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
if ! have_nginx; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing nginx-light (the local reference gateway) with apt-get"
    # Keep apt from starting a system nginx on port 80: we only need the binary.
    added_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && added_policy=1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  else
    say "nginx is missing (the local target runs it as the reference gateway): run 'sudo apt-get install -y nginx-light' (Debian/Ubuntu), then run this again"
    exit 3
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

exec node scripts/mtls-conformance.mjs run --target local "$@"
