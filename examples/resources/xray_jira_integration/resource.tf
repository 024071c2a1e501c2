# Jira Cloud, with the API token as a write-only argument (Terraform 1.11 or later): it is sent
# to Xray but never stored in state or plan files. Bump password_wo_version to rotate it.
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

# A self-hosted Jira Server that Xray reaches directly, bypassing its proxy. With `password`
# the secret is kept in state (marked sensitive); prefer password_wo where the CLI supports it.
resource "xray_jira_integration" "server" {
  connection_name   = "ServerProjectXYZ"
  auth_type         = "basic"
  username          = "xray-bot"
  password          = var.jira_server_password
  installation_type = "server"
  jira_server_url   = "https://jira.internal.example.com"
  skip_proxy        = true
}

variable "jira_server_password" {
  type      = string
  sensitive = true
}
