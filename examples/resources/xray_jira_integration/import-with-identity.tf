# Terraform 1.12 and later can also import by identity.
import {
  to = xray_jira_integration.cloud
  identity = {
    connection_name = "cloudProjectABC"
  }
}
