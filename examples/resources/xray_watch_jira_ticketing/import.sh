# Import by the watch's name, or NAME:PROJECT_KEY for a watch of a project.
terraform import xray_watch_jira_ticketing.prod prod-watch
terraform import xray_watch_jira_ticketing.team team-watch:payments
