# The ticketing of a watch made elsewhere (jfrog/xray's xray_watch, or Xray's UI): tickets for
# its violations go to the "security-team" ticket profile, and findings in the payments
# service's npm packages to the payments team's profile. Ticket profiles are made in Xray's UI.
resource "xray_watch_jira_ticketing" "prod" {
  watch_name     = "prod-watch"
  ticket_profile = "security-team"

  ticket_generation = {
    create_tickets_for_ignored_violation = false
    create_duplicate_tickets = {
      by_version = { build = true }
    }
    impact_path_profiles_mapping = {
      include = [
        { profile = "payments-team", pattern = "npm://payments-*" },
      ]
    }
  }
}

# A watch of a project scope.
resource "xray_watch_jira_ticketing" "team" {
  watch_name     = "team-watch"
  project_key    = "payments"
  ticket_profile = "payments-team"
}
