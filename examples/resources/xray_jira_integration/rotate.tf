# Rotating a write-only password fed from a secret manager's ephemeral resource: Terraform
# cannot see a change of password_wo itself, so the new value is sent only when
# password_wo_version changes. Store the new token, then bump the version in the same change.
ephemeral "aws_secretsmanager_secret_version" "jira" {
  secret_id = "xray/jira-api-token"
}

resource "xray_jira_integration" "rotated" {
  connection_name     = "rotatedProject"
  username            = "xray-bot@example.com"
  password_wo         = ephemeral.aws_secretsmanager_secret_version.jira.secret_string
  password_wo_version = 2 # was 1: bumping it sends the current password_wo to Xray
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}
