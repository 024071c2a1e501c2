# In a clone of the provider's repository: install the provider (docs/guides/installing.md),
# then start the fake Xray holding this guide's two integrations, as if made in the Xray UI.
# Source it (`. examples/guides/adopting/start-fake.sh`) or paste it: it exports JFROG_URL and
# JFROG_ACCESS_TOKEN to your shell, which `bash start-fake.sh` cannot do.
if [ "${BASH_SOURCE:-}" = "$0" ]; then
  echo "start-fake.sh must be sourced, to export JFROG_URL to your shell: . $0" >&2
  exit 1
fi
make install
go build -o "${TMPDIR:-/tmp}/fakexray" ./cmd/fakexray # or go install, see CONTRIBUTING.md
"${TMPDIR:-/tmp}/fakexray" -seed examples/guides/adopting/seed.json -env-file "${TMPDIR:-/tmp}/fakexray.env" &
until [ -s "${TMPDIR:-/tmp}/fakexray.env" ]; do sleep 0.2; done # written once it is ready
set -a && . "${TMPDIR:-/tmp}/fakexray.env" && set +a             # JFROG_URL, JFROG_ACCESS_TOKEN
curl -s "$JFROG_URL/_fake/state"                                # what it holds (passwords redacted)
