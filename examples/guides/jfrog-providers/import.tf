# Adopting an integration made in the Xray UI with generated configuration: with no resource
# block yet, the import block names the provider, and
# terraform plan -generate-config-out=generated.tf writes the resource for it.
import {
  provider = xrayjira
  to       = xray_jira_integration.legacy
  id       = "made-in-the-ui"
}
