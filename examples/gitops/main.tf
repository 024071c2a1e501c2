# A GitOps workspace: the pipeline in pipeline.yml plans it on every pull request and applies it
# on merge. Nothing secret is in this file or in any file: the Xray token comes from
# JFROG_URL / JFROG_ACCESS_TOKEN and the Jira API token from TF_VAR_jira_api_token, all set by
# the pipeline from its secret store.
terraform {
  required_version = ">= 1.11" # write-only arguments
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
}

# A top-level data source with a check that only asserts on it: plans of an unchanged, healthy
# configuration stay at "no changes", so drift detection with -detailed-exitcode works.
data "xray_jira_integration_status" "security" {
  connection_name = xray_jira_integration.security.connection_name
}

check "jira_reachable" {
  assert {
    condition     = data.xray_jira_integration_status.security.healthy
    error_message = "Xray cannot reach Jira: ${data.xray_jira_integration_status.security.reason}"
  }
}
