#!/usr/bin/env bash
# Runs every test: the client's and the fake's unit tests, and the provider's acceptance tests,
# which drive the real terraform (or OpenTofu) binary against the fake Xray. No JFrog needed;
# with JFROG_URL and JFROG_ACCESS_TOKEN set, the acceptance tests run against that Xray instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
echo "Using $("$TF_ACC_TERRAFORM_PATH" version | head -1) at $TF_ACC_TERRAFORM_PATH"
TF_ACC=1 go test -count=1 -timeout 30m "$@" ./...
