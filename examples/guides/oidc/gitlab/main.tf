terraform {
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

# The URL comes from JFROG_URL and the job's ID token from JFROG_OIDC_TOKEN (see the pipeline).
provider "xray" {
  oidc_provider_name = "gitlab"
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
