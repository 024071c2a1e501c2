# Terraform 1.12 and later can also import by identity.
import {
  to = xray_watch_jira_ticketing.team
  identity = {
    watch_name  = "team-watch"
    project_key = "payments"
  }
}
