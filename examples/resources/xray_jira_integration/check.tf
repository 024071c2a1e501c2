# Every plan warns when Xray can no longer reach Jira through this integration.
check "jira_cloud_reachable" {
  data "xray_jira_integration_status" "cloud" {
    connection_name = xray_jira_integration.cloud.connection_name
  }

  assert {
    condition     = data.xray_jira_integration_status.cloud.healthy
    error_message = "Xray cannot reach Jira: ${data.xray_jira_integration_status.cloud.reason}"
  }
}
