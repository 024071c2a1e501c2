# Read an integration made in the Xray UI or managed by another workspace.
data "xray_jira_integration" "shared" {
  connection_name = "platform-team-jira"
}

output "shared_jira_url" {
  value = data.xray_jira_integration.shared.jira_server_url
}
