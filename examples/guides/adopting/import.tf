# Adopt an integration made in the Xray UI: the import block says which one, the resource says
# how it should look. The first apply imports it; with no password argument, Xray keeps the
# password it has.
import {
  to = xray_jira_integration.cloud
  id = "cloudProjectABC"
}

resource "xray_jira_integration" "cloud" {
  connection_name   = "cloudProjectABC"
  username          = "customer@example.com"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
