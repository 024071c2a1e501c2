#!/usr/bin/env bash
# Formats examples/ and regenerates docs/ with tfplugindocs, offline.
#
# tfplugindocs needs the provider's schema. Left to itself it runs the terraform on PATH, or
# downloads one when there is none; so the schema is always exported here with the CLI that
# scripts/terraform-cli.sh picks (through a dev_overrides config, so no init and no download)
# and handed over with --providers-schema, under the short name tfplugindocs looks up (it knows
# no namespace but hashicorp). Never pass --tf-version: that downloads Terraform.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
tfplugindocs="go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0"

"$TF_ACC_TERRAFORM_PATH" fmt -recursive examples

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-xray" .
printf 'provider_installation {\n  dev_overrides {\n    "platformkit/xray" = "%s"\n  }\n  direct {}\n}\n' "$work/bin" > "$work/dev.tfrc"
printf 'terraform {\n  required_providers {\n    xray = { source = "platformkit/xray" }\n  }\n}\n' > "$work/main.tf"
(cd "$work" && TF_CLI_CONFIG_FILE="$work/dev.tfrc" "$TF_ACC_TERRAFORM_PATH" providers schema -json) |
  sed -E 's#"registry\.(terraform\.io|opentofu\.org)/platformkit/xray"#"xray"#' > "$work/schema.json"
$tfplugindocs generate --provider-name xray --rendered-provider-name "JFrog Xray (Jira integrations)" \
  --providers-schema "$work/schema.json"
