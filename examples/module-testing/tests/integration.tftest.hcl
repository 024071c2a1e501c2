# terraform test applies the module with these variables against the Xray that JFROG_URL and
# JFROG_ACCESS_TOKEN point at (in CI: the fake Xray), asserts on its outputs, then destroys it.
variables {
  connection_name = "module-test"
  username        = "xray-bot@example.com"
  jira_api_token  = "any-token" # the fake accepts any Jira password
}

run "cloud_jira_is_healthy" {
  variables {
    jira_url = "https://example.atlassian.net"
  }

  assert {
    condition     = output.connection_name == "module-test"
    error_message = "the integration has another name: ${output.connection_name}"
  }
  assert {
    condition     = output.installation_type == "cloud"
    error_message = "an atlassian.net Jira must be a cloud installation"
  }
  assert {
    condition     = output.healthy
    error_message = "Xray reports the integration as unhealthy"
  }
}

run "self_hosted_jira_is_server" {
  variables {
    jira_url = "https://jira.example.com"
  }

  assert {
    condition     = output.installation_type == "server"
    error_message = "a self-hosted Jira (Server or Data Center) must be a server installation"
  }
}

run "plain_http_is_refused" {
  command = plan

  variables {
    jira_url = "http://jira.example.com"
  }

  expect_failures = [var.jira_url]
}
