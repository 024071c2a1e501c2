import {
  to = xray_jira_integration.cloud
  id = "cloudProjectABC"
}
