#!/usr/bin/env bash
# Usage: scripts/install.sh [VERSION]   (make install; VERSION defaults to the newest CHANGELOG entry)
# Builds the release binary and installs it where `terraform init` and `tofu init` find a
# provider with no network and no CLI configuration: the implied local mirror directory
# ~/.terraform.d/plugins (%APPDATA%/terraform.d/plugins on Windows), which both CLIs search.
# It goes there twice, once per registry host, because a source address "platformkit/xray"
# means registry.terraform.io/platformkit/xray to Terraform and registry.opentofu.org/... to
# OpenTofu. Prints the installed paths.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(sed -n 's/^## v\{0,1\}\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' CHANGELOG.md | head -1)}
version=${version#v}
# The registry protocol, and so init, only accepts semantic versions; a pre-release such as
# 0.1.0-dev would also be skipped by constraints like "~> 0.1".
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "install.sh: version must be MAJOR.MINOR.PATCH, got '$version'" >&2
  exit 2
fi

goos=$(go env GOOS)
goarch=$(go env GOARCH)
exe=
plugins="$HOME/.terraform.d/plugins"
if [ "$goos" = windows ]; then
  exe=.exe
  plugins="${APPDATA:?APPDATA is not set}/terraform.d/plugins"
fi

# The same flags as make build and .goreleaser.yml: the binary a release would ship.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" \
  -o "$work/terraform-provider-xray_v$version$exe" .

for host in registry.terraform.io registry.opentofu.org; do
  dir="$plugins/$host/platformkit/xray/$version/${goos}_$goarch"
  mkdir -p "$dir"
  cp "$work/terraform-provider-xray_v$version$exe" "$dir/"
  echo "$dir/terraform-provider-xray_v$version$exe"
done
