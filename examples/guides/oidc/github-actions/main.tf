terraform {
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

# The URL comes from JFROG_URL; the token from GitHub's OIDC endpoint, exchanged at the
# platform's OIDC integration "github-actions".
provider "xray" {
  oidc_provider_name = "github-actions"
  oidc_audience      = "jfrog-github"
}

variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "xray_jira_integration" "cloud" {
  connection_name     = "cloudProjectABC"
  username            = "customer@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}
