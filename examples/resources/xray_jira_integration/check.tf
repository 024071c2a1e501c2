# Xray's live check of the connection to Jira, read on every plan. The data source is at the top
# level and the check block only asserts on it: a healthy, unchanged configuration plans with no
# changes (exit code 0 with -detailed-exitcode), and a broken connection is a warning.
data "xray_jira_integration_status" "cloud" {
  connection_name = xray_jira_integration.cloud.connection_name
}

check "jira_reachable" {
  assert {
    condition     = data.xray_jira_integration_status.cloud.healthy
    error_message = "Xray cannot reach Jira through ${data.xray_jira_integration_status.cloud.connection_name}: ${data.xray_jira_integration_status.cloud.status} ${data.xray_jira_integration_status.cloud.reason}"
  }
}
