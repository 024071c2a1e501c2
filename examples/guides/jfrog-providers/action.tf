# Terraform 1.16 or later: the action is ours too, so it names the provider like the resource.
action "xray_jira_integration_check" "security" {
  provider = xrayjira

  config {
    connection_name = xray_jira_integration.security.connection_name
  }
}
