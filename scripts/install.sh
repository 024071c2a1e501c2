#!/usr/bin/env bash
# Usage: scripts/install.sh [VERSION]   (make install; VERSION defaults to the newest CHANGELOG entry)
# Builds the release binary and installs it where `terraform init` and `tofu init` find a
# provider with no network and no CLI configuration: the implied local mirror directory
# ~/.terraform.d/plugins (%APPDATA%/terraform.d/plugins on Windows), which both CLIs search.
# It goes there twice, once per registry host, because a source address "platformkit/xray"
# means registry.terraform.io/platformkit/xray to Terraform and registry.opentofu.org/... to
# OpenTofu. Prints the installed paths. A CLI configuration with a provider_installation block
# switches the implied local mirror off; when one is found, the block to add to it goes to stderr.
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

# A provider_installation block in the CLI configuration replaces the implied mirrors with its
# own methods, so init would ask those (a registry, Artifactory) for platformkit/xray and fail.
# Terraform reads TF_CLI_CONFIG_FILE, else ~/.terraformrc; OpenTofu reads TF_CLI_CONFIG_FILE,
# else ~/.tofurc, else ~/.terraformrc. Check each that exists.
seen=
for config in "${TF_CLI_CONFIG_FILE:-}" "$HOME/.terraformrc" "$HOME/.tofurc"; do
  [ -n "$config" ] && [ -f "$config" ] || continue
  case " $seen " in *" $config "*) continue ;; esac
  seen="$seen $config"
  grep -Eq '^[[:space:]]*provider_installation[[:space:]]*\{' "$config" || continue
  cat >&2 <<EOT

$config has a provider_installation block, which switches off the directory above:
init will not find platformkit/xray there until you add this to that block:

  filesystem_mirror {
    path    = "$plugins"
    include = ["platformkit/xray"]
  }

and exclude = ["platformkit/xray"] in each direct {} and network_mirror {} block there, e.g.

  direct {
    exclude = ["platformkit/xray"]
  }

(see docs/guides/installing.md).
EOT
done
