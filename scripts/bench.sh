#!/usr/bin/env bash
# Benchmarks the provider against the fake Xray: builds the harness (tools/bench, a Go module of
# its own) and runs it from the repository's root. The harness builds a release binary of the
# provider and of the floor provider (tools/floorprovider), then times apply, a refresh-only plan
# and destroy of N resources with each, next to N terraform_data resources (Terraform's own
# cost), and reports medians, ratios to the floor, request counts, peak RSS and binary size.
# Arguments pass through to the harness, e.g. `scripts/bench.sh -n 50 -runs 3`,
# `make bench ARGS="-n 50"`, or `scripts/bench.sh -out BENCHMARKS.md` to rewrite the report.
# `-skip-name-check` (or BENCH_SKIP_NAME_CHECK=1) runs the provider with skip_name_check against a
# floor provider without the plan-time wait, to compare a bulk create with the opt-out.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
export XRAY_BENCH_COMMAND="scripts/bench.sh${*:+ $*}"
go -C tools build -o "$PWD/.tools/bench" ./bench
.tools/bench -terraform "$TF_ACC_TERRAFORM_PATH" "$@"
