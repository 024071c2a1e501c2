# From a clone of the provider's repository: install the provider (docs/guides/installing.md),
# start the fake Xray, wait until it is ready, then test the example module against it. Run it
# with bash: when it ends, passed or failed, it stops the fake it started.
make install
go build -o "${TMPDIR:-/tmp}/fakexray" ./cmd/fakexray # or go install, see CONTRIBUTING.md
"${TMPDIR:-/tmp}/fakexray" -env-file "${TMPDIR:-/tmp}/fakexray.env" &
fake=$!
trap 'kill "$fake"; wait "$fake" || true' EXIT                 # stop the fake on the way out
until [ -s "${TMPDIR:-/tmp}/fakexray.env" ]; do sleep 0.2; done # written once it is ready
set -a && . "${TMPDIR:-/tmp}/fakexray.env" && set +a             # JFROG_URL, JFROG_ACCESS_TOKEN
cd examples/module-testing
terraform init -input=false
terraform test
