# Tickets for findings: the Jira integration and the watch's ticketing from this provider, the
# watch itself from JFrog's jfrog/xray. Both providers' resources start with xray_, so this
# provider takes another local name ("platformkit") and its resources say so.
terraform {
  required_providers {
    xray = {
      source = "jfrog/xray"
    }
    platformkit = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "jira_api_token_version" {
  type = number
}

resource "xray_jira_integration" "security" {
  provider            = platformkit
  connection_name     = "security-jira"
  username            = "xray-bot@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = var.jira_api_token_version
  installation_type   = "cloud"
  jira_server_url     = "https://example.atlassian.net"
}

# The watch, as jfrog/xray manages it. Its PUT does not know the ticketing fields and may
# clear them: see the lifecycle block below.
resource "xray_watch" "prod" {
  name   = "prod-watch"
  active = true
  watch_resource {
    type = "all-repos"
  }
  assigned_policy {
    name = "sec-policy"
    type = "security"
  }
}

resource "xray_watch_jira_ticketing" "prod" {
  provider = platformkit
  # The watch's id, not a literal name: this resource is written after the watch, and a plan
  # that creates the watch does not look for it in Xray yet.
  watch_name = xray_watch.prod.id
  # A ticket profile made in Xray's UI on the security-jira integration.
  ticket_profile = "security-team"

  # Every change of the watch by jfrog/xray writes the ticketing again, after it, in the same
  # apply.
  lifecycle {
    replace_triggered_by = [xray_watch.prod]
  }
}
