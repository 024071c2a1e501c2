package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// An imported OAuth integration whose other fields change is updated without auth_type, which
// Xray's API would refuse ("basic" only), so the plan's promise holds at apply; a plan that
// would make an integration OAuth fails at plan time and says what to do.
func TestAccJiraIntegration_importedOAuthUpdates(t *testing.T) {
	env := newFakeEnv(t)
	const name = "oauthProject"
	env.fake.Put(fakexray.JiraIntegration{ConnectionName: name, AuthType: "oauth2", Username: "jira-app@example.com",
		InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"})
	config := func(authType, username string) string {
		return env.providerConfig() + fmt.Sprintf(`
import {
  to = xray_jira_integration.test
  id = %q
}

resource "xray_jira_integration" "test" {
  connection_name   = %q
  auth_type         = %q
  username          = %q
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
`, name, name, authType, username)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config("oauth2", "jira-app@example.com"),
		}, {
			PreConfig: env.fake.ResetRequests,
			Config:    config("oauth2", "renamed@example.com"),
			ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
				got, _ := env.fake.Integration(name)
				if got.AuthType != "oauth2" || got.Username != "renamed@example.com" {
					return fmt.Errorf("Xray holds %+v, want the new username and auth_type oauth2", got)
				}
				for _, r := range env.fake.Requests() {
					var body map[string]any
					if r.Method == http.MethodPut && json.Unmarshal([]byte(r.Body), &body) == nil {
						if _, sent := body["auth_type"]; sent {
							return fmt.Errorf("the update sent auth_type although it did not change: %s", r.Body)
						}
					}
				}
				return nil
			})},
		}, {
			Config:      config("oauth1", "renamed@example.com"),
			ExpectError: expectError("Xray's API cannot make an integration OAuth", `from "oauth2" to "oauth1"`, `Keep auth_type = "oauth2"`),
		}},
	})
}
