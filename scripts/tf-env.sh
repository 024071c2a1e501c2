# Sourced by the scripts that run Terraform: picks the CLI (see terraform-cli.sh) and sets what
# terraform-plugin-testing and the CLI need to run hermetically and offline.

# The environment may name a CLI configuration file that does not exist; OpenTofu then prints a
# warning on stdout, which breaks terraform-plugin-testing (and `tofu version` parsing below).
# Point at an empty file of our own.
tf_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$tf_root/.tools"
: > "$tf_root/.tools/empty.tfrc"
export TF_CLI_CONFIG_FILE="$tf_root/.tools/empty.tfrc"
export CHECKPOINT_DISABLE=1

tf_cli=$("$tf_root/scripts/terraform-cli.sh")
export TF_ACC_TERRAFORM_PATH="$tf_cli"
# The output is captured whole: `version | grep -q` under pipefail fails at random, when grep
# exits on the first line while the CLI is still writing (SIGPIPE), and then OpenTofu would run
# the tests without the host it needs.
tf_version_text=$("$tf_cli" version 2>/dev/null || true)
if [[ "$tf_version_text" == OpenTofu* ]]; then
  # terraform-plugin-testing names the provider under this host, which OpenTofu expects.
  export TF_ACC_PROVIDER_HOST=registry.opentofu.org
fi
