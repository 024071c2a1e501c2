# Warn on every plan when Xray can no longer reach Jira through the integration (an expired
# API token, a moved server). A failed assertion is a warning: it never blocks the run.
check "jira_reachable" {
  data "xray_jira_integration_status" "cloud" {
    connection_name = "cloudProjectABC"
  }

  assert {
    condition     = data.xray_jira_integration_status.cloud.healthy
    error_message = "Xray cannot reach Jira through ${data.xray_jira_integration_status.cloud.connection_name}: ${data.xray_jira_integration_status.cloud.status} ${data.xray_jira_integration_status.cloud.reason}"
  }
}
