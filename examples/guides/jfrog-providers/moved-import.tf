# Step 2 of 2: the provider that manages it now imports the same integration by its name. The
# resource block names the provider; the import block then takes none. With no password
# argument Xray keeps the password it has, so the apply imports and changes nothing.
import {
  to = xray_jira_integration.findings
  id = "security-findings"
}

resource "xray_jira_integration" "findings" {
  provider = xrayjira

  connection_name   = "security-findings"
  username          = "xray-bot@example.com"
  installation_type = "cloud"
  jira_server_url   = "https://example.atlassian.net"
}
