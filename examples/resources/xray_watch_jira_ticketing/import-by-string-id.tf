import {
  to = xray_watch_jira_ticketing.prod
  id = "prod-watch"
}
