#!/usr/bin/env bash
# Usage: scripts/build-cli.sh terraform|tofu VERSION
# Prints the path of that CLI, building it once from its Go module when it is not cached yet.
#
# Nothing is downloaded from a release site: both CLIs build from their Go module source. The
# binaries are cached outside the clone, under $XDG_CACHE_HOME (or ~/.cache)/terraform-provider-xray/cli/
# NAME-VERSION/, so fresh clones, CI and `make demo` reuse them. A cold build takes minutes on
# 2 cores; it prints a progress line every 30 seconds. Terraform is BUSL-1.1: it is built for
# tests only and never committed or shipped.
set -euo pipefail

name=${1:?usage: build-cli.sh terraform|tofu VERSION}
version=${2:?usage: build-cli.sh terraform|tofu VERSION}
case "$version" in v*) ;; *) version="v$version" ;; esac
cache=${XRAY_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-xray/cli}
bin="$cache/$name-$version/$name"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

case "$name" in
  terraform) module=github.com/hashicorp/terraform; pkg=. ;;
  tofu) module=github.com/opentofu/opentofu; pkg=./cmd/tofu ;;
  *) echo "build-cli.sh: unknown CLI $name (terraform or tofu)" >&2; exit 2 ;;
esac

echo "building $name $version from its Go module (cached afterwards in $cache): several minutes on 2 cores" >&2
moddir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$moddir" ] || { echo "could not download the Go module $module@$version" >&2; exit 1; }
work=$(mktemp -d)
progress=
cleanup() {
  [ -z "$progress" ] || kill "$progress" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# The module cache is read-only; the build needs a writable copy.
cp -r "$moddir/." "$work/"
chmod -R u+w "$work"

if [ "$name" = terraform ]; then
  # Terraform's go.mod points its remote-state backends and internal/legacy at local paths that
  # are not on the module proxy. A provider's tests need none of them: drop their requires and
  # replaces, and the backends that import them (local, http, remote and cloud stay).
  # Terraform before 1.12 also sets godebug tlskyber=0, a setting Go 1.24 renamed to tlsmlkem
  # (same meaning); newer Go refuses the old name.
  sed -i -E \
    -e 's/^godebug tlskyber=0$/godebug tlsmlkem=0/' \
    -e '/^[[:space:]]*github\.com\/hashicorp\/terraform\/internal\/(legacy|backend\/remote-state\/[a-z0-9]+) v0\.0\.0-00010101000000-000000000000/d' \
    -e '/^replace github\.com\/hashicorp\/terraform\/internal\//d' \
    "$work/go.mod"
  sed -i -E \
    -e '/"github\.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)"/d' \
    -e '/^[[:space:]]*"(azurerm|consul|cos|gcs|kubernetes|oci|oss|pg|s3)":/d' \
    "$work/internal/backend/init/init.go"
  ldflags="-s -w -X github.com/hashicorp/terraform/version.dev=no"
else
  ldflags="-s -w -X github.com/opentofu/opentofu/version.dev=no"
fi

start=$(date +%s)
(
  while sleep 30; do
    echo "  still building $name $version: $(( $(date +%s) - start )) s so far" >&2
  done
) &
progress=$!
mkdir -p "$(dirname "$bin")"
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$bin.tmp" "$pkg") >&2
mv "$bin.tmp" "$bin"
echo "built $name $version in $(( $(date +%s) - start )) s: $bin" >&2
echo "$bin"
