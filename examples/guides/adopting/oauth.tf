# An OAuth integration made in the Xray UI. Xray's API can neither create nor change OAuth
# integrations, so keep auth_type as Xray reports it and leave every setting to the UI:
# Terraform then only keeps the integration in its state, and a plan never proposes to change it.
resource "xray_jira_integration" "oauth" {
  connection_name   = "oauthProject"
  auth_type         = "oauth2"
  username          = "jira-app@example.com"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"

  lifecycle {
    ignore_changes = all
  }
}
