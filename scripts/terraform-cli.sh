#!/usr/bin/env bash
# Prints the path of the Terraform-compatible CLI that the demo, the tests and docs generation use.
#
# XRAY_TF_CLI chooses it:
#   terraform (the default)  Terraform TF_VERSION, default 1.16.4, the newest release tested.
#   tofu                     OpenTofu TOFU_VERSION, default 1.12.6.
#   path                     whatever `terraform` is on PATH, any version.
# A CLI of that name on PATH is used when it is the same minor release (patch releases do not
# change what the tests exercise); otherwise scripts/build-cli.sh builds the exact version from
# its Go module once and caches it outside the clone. Nothing here downloads from a release site.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cli=${XRAY_TF_CLI:-terraform}

case "$cli" in
  terraform) version=${TF_VERSION:-1.16.4} ;;
  tofu) version=${TOFU_VERSION:-1.12.6} ;;
  path)
    command -v terraform || { echo "XRAY_TF_CLI=path but no terraform on PATH" >&2; exit 1; }
    exit 0
    ;;
  *) echo "XRAY_TF_CLI must be terraform, tofu or path, not $cli" >&2; exit 2 ;;
esac
version=${version#v}
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) echo "$cli version must be MAJOR.MINOR.PATCH, got $version" >&2; exit 2 ;;
esac

# The first line of `version` is "Terraform v1.11.4" or "OpenTofu v1.12.6"; an empty CLI
# configuration keeps a missing TF_CLI_CONFIG_FILE from adding warnings.
if on_path=$(command -v "$cli" 2>/dev/null); then
  found=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$on_path" version 2>/dev/null |
    sed -n '1s/^[A-Za-z]* v\([0-9][0-9.]*\).*/\1/p')
  if [ "${found%.*}" = "${version%.*}" ]; then
    echo "$on_path"
    exit 0
  fi
fi
exec "$root/scripts/build-cli.sh" "$cli" "$version"
