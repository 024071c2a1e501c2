#!/usr/bin/env bash
# Prints the path of a Terraform-compatible CLI for the demo, the tests and docs generation.
#
# It prefers `terraform` on PATH. A fresh machine or CI may have none, and Terraform itself
# cannot be built from the Go module proxy (its go.mod has local replace directives), so the
# fallback builds OpenTofu from its Go module source and caches the binary under .tools/.
# Nothing here downloads from a release site. Set XRAY_TF_CLI=tofu to force the OpenTofu path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tofu_version=${TOFU_VERSION:-v1.12.6}
tofu_bin="$root/.tools/tofu-$tofu_version/tofu"

if [ "${XRAY_TF_CLI:-}" != "tofu" ] && command -v terraform >/dev/null 2>&1; then
  command -v terraform
  exit 0
fi

if [ ! -x "$tofu_bin" ]; then
  echo "building OpenTofu $tofu_version from its Go module (no terraform on PATH, or XRAY_TF_CLI=tofu): a few minutes, once" >&2
  moddir=$(go mod download -json "github.com/opentofu/opentofu@$tofu_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$moddir" ] || { echo "could not download the OpenTofu module" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The module cache is read-only; the build needs a writable copy.
  cp -r "$moddir/." "$work/"
  chmod -R u+w "$work"
  mkdir -p "$(dirname "$tofu_bin")"
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$tofu_bin" \
      -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu) >&2
fi
echo "$tofu_bin"
