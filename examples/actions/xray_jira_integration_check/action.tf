# The apply that creates or changes the integration fails when Xray cannot reach Jira with it
# (Terraform 1.16 or later: caller is the integration that triggered the check). The same check
# runs on its own, for example in a nightly job, with
#   terraform apply -invoke=action.xray_jira_integration_check.cloud
action "xray_jira_integration_check" "cloud" {
  config {
    connection_name = caller.connection_name
  }
}

resource "xray_jira_integration" "cloud" {
  connection_name     = "cloudProjectABC"
  username            = "customer@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.xray_jira_integration_check.cloud]
    }
  }
}

variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
