# Moving an integration to another provider (or another address), step 1 of 2: the removed block
# drops it from this provider's state and keeps it in Xray (destroy = false). Apply, then delete
# the resource block and this one, and import it where it goes (step 2, moved-import.tf).
removed {
  from = xray_jira_integration.security

  lifecycle {
    destroy = false
  }
}
