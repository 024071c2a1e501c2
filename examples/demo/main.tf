# The configuration `make demo` applies against the built-in fake Xray. The provider reads the
# fake's URL and token from JFROG_URL and JFROG_ACCESS_TOKEN, which the demo sets.
terraform {
  required_providers {
    xray = {
      source = "platformkit/xray"
    }
  }
}

provider "xray" {}

# Never stored in state or plan files: it feeds a write-only argument.
variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# A Jira Cloud connection whose API token is write-only.
resource "xray_jira_integration" "cloud" {
  connection_name     = "cloudProjectABC"
  username            = "customer@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}

# A self-hosted Jira Server reached without Xray's proxy.
resource "xray_jira_integration" "server" {
  connection_name   = "ServerProjectXYZ"
  username          = "xray-bot"
  password          = "demo-password"
  installation_type = "server"
  jira_server_url   = "http://jira.internal.example.com:8080"
  skip_proxy        = true
}

output "integrations" {
  value = [xray_jira_integration.cloud.id, xray_jira_integration.server.id]
}
