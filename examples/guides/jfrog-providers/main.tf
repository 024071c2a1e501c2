# One configuration with JFrog's jfrog/xray (policies, watches) and this provider (Jira
# integrations). Both have the type name "xray": jfrog/xray keeps the local name xray, so its
# blocks need nothing; this provider gets the local name xrayjira, and every block of ours says
# provider = xrayjira.
terraform {
  required_providers {
    xray = {
      source = "jfrog/xray" # pin it as you do today
    }
    xrayjira = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

# Both read JFROG_URL and JFROG_ACCESS_TOKEN, so one pair of variables serves both.
provider "xray" {}

provider "xrayjira" {}

variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "xray_jira_integration" "security" {
  provider = xrayjira

  connection_name     = "security-findings"
  username            = "xray-bot@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = "cloud"
  jira_server_url     = "https://example.atlassian.net"
}

data "xray_jira_integration_status" "security" {
  provider = xrayjira

  connection_name = xray_jira_integration.security.connection_name
}

check "jira_reachable" {
  assert {
    condition     = data.xray_jira_integration_status.security.healthy
    error_message = "Xray cannot reach Jira: ${data.xray_jira_integration_status.security.reason}"
  }
}

# jfrog/xray's resources (xray_security_policy, xray_watch, ...) stay as they are: no provider
# argument, they belong to the provider with the local name xray.
