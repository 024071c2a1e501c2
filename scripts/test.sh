#!/usr/bin/env bash
# Runs every test: the client's and the fake's unit tests, the provider's acceptance tests and
# the end-to-end tests, which drive the real terraform (or OpenTofu) binary against the fake
# Xray, the tools module's tests, and a short fuzzing run of the client's response decoding. No
# JFrog needed; with XRAY_ACC_LIVE=1 and JFROG_URL and JFROG_ACCESS_TOKEN set, the acceptance
# tests run against that Xray instead (JFROG_URL and JFROG_ACCESS_TOKEN alone, as JFrog users
# have them, change nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tf-env.sh
echo "Using $("$TF_ACC_TERRAFORM_PATH" version | head -1) at $TF_ACC_TERRAFORM_PATH"
if [ "${XRAY_ACC_LIVE:-}" = 1 ] && [ -n "${JFROG_URL:-}" ] && [ -n "${JFROG_ACCESS_TOKEN:-}" ]; then
  echo "Testing against the live Xray at $JFROG_URL (XRAY_ACC_LIVE=1): tests create and delete integrations there"
else
  echo "Testing against the built-in fake Xray (set XRAY_ACC_LIVE=1 with JFROG_URL and JFROG_ACCESS_TOKEN for a live one)"
fi
all=
if [ $# -eq 0 ]; then set -- ./...; all=1; fi
TF_ACC=1 go test -count=1 -timeout 30m "$@"
# tools/ (the benchmark harness and its floor provider) is a module of its own, which ./... above
# does not reach; its tests run no terraform.
if [ -n "$all" ]; then
  go -C tools test -count=1 ./...
fi
# The fuzzing run is bounded by a count of inputs (about 10 s on 2 cores), not by a duration: Go
# 1.26's fuzzing coordinator can fail a run whose -fuzztime deadline expires while a worker is
# busy, with "context deadline exceeded" and no failing input (Go issue 75804, fixed in Go 1.27).
if [ "${XRAY_SKIP_FUZZ:-}" != 1 ]; then
  go test -run '^$' -fuzz '^FuzzDecodeResponse$' -fuzztime "${XRAY_FUZZ_TIME:-20000x}" -fuzzminimizetime 100x ./internal/xray
fi
