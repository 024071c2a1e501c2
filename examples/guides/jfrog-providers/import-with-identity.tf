# Terraform and OpenTofu 1.12 and later: import by identity. As with an import by id, the
# resource block names the provider and the import block takes none.
import {
  to = xray_jira_integration.legacy
  identity = {
    connection_name = "made-in-the-ui"
  }
}

resource "xray_jira_integration" "legacy" {
  provider = xrayjira

  connection_name   = "made-in-the-ui"
  username          = "ui-admin@example.com"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
