#!/usr/bin/env bash
# Builds the one image the container tests run (test/docker-engine.test.ts), from Debian's packages:
# nginx-light and curl on bookworm, nginx in the foreground with its logs on stdout and stderr. No
# image registry is needed (mmdebstrap fetches Debian packages; `docker import` makes the image). It
# stands in for what cannot be pulled here (Kong): the tests exercise the docker target's container
# path (start and wait, files copied in, exec, logs, reaching the run's backends) on a real engine.
set -euo pipefail
IMAGE="${1:-mtls-conformance-test/debian-nginx:bookworm}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "container-image: $IMAGE is there"; exit 0; fi
command -v mmdebstrap >/dev/null 2>&1 || { echo "container-image: mmdebstrap is missing: apt-get install -y mmdebstrap" >&2; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mmdebstrap --quiet --variant=minbase --include=nginx-light,curl \
  --customize-hook='ln -sf /dev/stdout "$1/var/log/nginx/access.log"; ln -sf /dev/stderr "$1/var/log/nginx/error.log"' \
  --customize-hook='rm -rf "$1/var/cache/apt/archives/"*.deb "$1/var/lib/apt/lists/"*' \
  bookworm "$work/rootfs.tar"
docker import -c 'CMD ["nginx", "-g", "daemon off;"]' -c 'EXPOSE 80' "$work/rootfs.tar" "$IMAGE" >/dev/null
echo "container-image: built $IMAGE"
