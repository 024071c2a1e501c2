# A GitOps workspace: the pipeline in pipeline.yml plans it on every pull request and applies it
# on merge. Nothing secret is in this file or in any file: the Xray token comes from
# JFROG_URL / JFROG_ACCESS_TOKEN and the Jira API token from TF_VAR_jira_api_token, all set by
# the pipeline from its secret store.
terraform {
  # 1.11 for write-only arguments, 1.16 for the check action's caller. On OpenTofu or an older
  # Terraform, leave out the action block and the resource's lifecycle block: the check block
  # below still warns.
  required_version = ">= 1.16"
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

provider "xray" {}

variable "jira_api_token" {
  description = "Jira API token of the Xray bot user, from the pipeline's secret store."
  type        = string
  sensitive   = true
  ephemeral   = true # never in plan files or state
}

variable "jira_api_token_version" {
  description = "Bump when the secret store's token changes: that sends the new token to Xray."
  type        = number
  default     = 1
}

resource "xray_jira_integration" "security" {
  connection_name     = "security-findings"
  username            = "xray-bot@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = var.jira_api_token_version
  installation_type   = "cloud"
  jira_server_url     = "https://example.atlassian.net"

  # The apply on merge fails when Xray cannot reach Jira with what it has just created or changed.
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.xray_jira_integration_check.security]
    }
  }
}

action "xray_jira_integration_check" "security" {
  config {
    connection_name = caller.connection_name
  }
}

# The action checks an integration when it changes; this check warns on every plan when one
# breaks later (an expired token). A top-level data source with a check that only asserts on it:
# plans of an unchanged, healthy configuration stay at "no changes", so a drift job's
# `terraform plan -detailed-exitcode` exits 0 (see the guide: not -refresh-only).
data "xray_jira_integration_status" "security" {
  connection_name = xray_jira_integration.security.connection_name
}

check "jira_reachable" {
  assert {
    condition     = data.xray_jira_integration_status.security.healthy
    error_message = "Xray cannot reach Jira: ${data.xray_jira_integration_status.security.reason}"
  }
}
