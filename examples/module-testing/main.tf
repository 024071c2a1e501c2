# A small module a platform team might share: one Jira integration with a write-only password,
# and its live health from Xray. tests/integration.tftest.hcl tests it against the fake Xray.
terraform {
  required_version = ">= 1.11" # write-only arguments
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

variable "connection_name" {
  description = "Name of the integration in Xray."
  type        = string
}

variable "jira_url" {
  description = "The team's Jira; only https is allowed."
  type        = string

  validation {
    condition     = startswith(var.jira_url, "https://")
    error_message = "jira_url must start with https://."
  }
}

variable "username" {
  description = "The Jira user Xray connects as."
  type        = string
}

variable "jira_api_token" {
  description = "That user's Jira API token."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "xray_jira_integration" "this" {
  connection_name     = var.connection_name
  username            = var.username
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = endswith(var.jira_url, ".atlassian.net") ? "cloud" : "server"
  jira_server_url     = var.jira_url
}

data "xray_jira_integration_status" "this" {
  connection_name = xray_jira_integration.this.connection_name
}

output "connection_name" {
  value = xray_jira_integration.this.connection_name
}

output "installation_type" {
  value = xray_jira_integration.this.installation_type
}

output "healthy" {
  value = data.xray_jira_integration_status.this.healthy
}
