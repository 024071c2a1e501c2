#!/usr/bin/env bash
# Builds the provider and runs apply, plan and destroy on examples/demo against the fake Xray.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
go build -o .tools/dev/terraform-provider-xray .
go run ./internal/cmd/demo -terraform "$TF_ACC_TERRAFORM_PATH" -provider-dir .tools/dev -example examples/demo
