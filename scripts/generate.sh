#!/usr/bin/env bash
# Formats examples/ and regenerates docs/ with tfplugindocs, offline.
#
# tfplugindocs needs the provider's schema. With terraform on PATH it gets it itself. Without,
# the schema is exported with OpenTofu (through a dev_overrides config, so no init and no
# download) and handed over with --providers-schema, under the registry address tfplugindocs
# expects. Never pass --tf-version: that downloads Terraform.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
tfplugindocs="go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0"

"$TF_ACC_TERRAFORM_PATH" fmt -recursive examples

if [ -z "${TF_ACC_PROVIDER_HOST:-}" ]; then
  $tfplugindocs generate --provider-name xray --rendered-provider-name "JFrog Xray (Jira integrations)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-xray" .
printf 'provider_installation {\n  dev_overrides {\n    "platformkit/xray" = "%s"\n  }\n  direct {}\n}\n' "$work/bin" > "$work/dev.tfrc"
printf 'terraform {\n  required_providers {\n    xray = { source = "platformkit/xray" }\n  }\n}\n' > "$work/main.tf"
(cd "$work" && TF_CLI_CONFIG_FILE="$work/dev.tfrc" "$TF_ACC_TERRAFORM_PATH" providers schema -json) |
  sed 's#"registry.opentofu.org/platformkit/xray"#"registry.terraform.io/platformkit/xray"#' > "$work/schema.json"
$tfplugindocs generate --provider-name xray --rendered-provider-name "JFrog Xray (Jira integrations)" \
  --providers-schema "$work/schema.json"
