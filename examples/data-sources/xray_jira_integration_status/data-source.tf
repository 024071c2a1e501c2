# Warn on every plan when Xray can no longer reach Jira through the integration (an expired
# API token, a moved server). The data source is at the top level and the check block only
# asserts on it, so a healthy, unchanged configuration still plans with no changes. A failed
# assertion is a warning: it never blocks the run.
data "xray_jira_integration_status" "cloud" {
  connection_name = "cloudProjectABC"
}

check "jira_reachable" {
  assert {
    condition     = data.xray_jira_integration_status.cloud.healthy
    error_message = "Xray cannot reach Jira through ${data.xray_jira_integration_status.cloud.connection_name}: ${data.xray_jira_integration_status.cloud.status} ${data.xray_jira_integration_status.cloud.reason}"
  }
}
