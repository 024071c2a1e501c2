#!/usr/bin/env bash
# Benchmarks the provider against the fake Xray: builds a release binary, then times apply,
# a refresh-only plan and destroy of N resources next to N terraform_data resources (Terraform's
# own cost), and reports medians, floors, request counts, peak RSS and binary size.
# Arguments pass through to internal/cmd/bench, e.g. `scripts/bench.sh -n 50 -runs 3`,
# `make bench ARGS="-n 50"`, or `scripts/bench.sh -out BENCHMARKS.md` to rewrite the report.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
export XRAY_BENCH_COMMAND="scripts/bench.sh${*:+ $*}"
go run ./internal/cmd/bench -terraform "$TF_ACC_TERRAFORM_PATH" "$@"
