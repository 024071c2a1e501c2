# Import by connection_name.
terraform import xray_jira_integration.cloud cloudProjectABC
