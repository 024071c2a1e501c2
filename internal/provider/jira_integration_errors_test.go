package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// A create Xray rejects shows Xray's message, and leaves nothing in state: the next apply with
// a good configuration is a plain create, not a replacement of a tainted half-made resource.
func TestAccJiraIntegration_jiraUnreachable(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	bad := env.integration(name)
	bad.JiraServerURL = "https://jira.unreachable.invalid"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config:      env.integrationConfig(bad, ""),
			ExpectError: expectError("Unable to create Jira integration", "HTTP 400 Bad Request: We were not able to connect to your Jira based on the credentials you provided"),
		}, {
			Config: env.integrationConfig(env.integration(name), ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate)},
			},
		}},
	})
}

func TestAccJiraIntegration_notAnAdmin(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config:      env.providerConfigWithToken(env.fake.ReaderToken()) + integrationResource(env.integration(name), ""),
			ExpectError: expectError("HTTP 403 Forbidden: Permission denied", "must belong to an Xray admin"),
		}},
	})
}

func TestAccJiraIntegration_serverErrors(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	updated := env.integration(name)
	updated.Username = "someone-else@example.com"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusInternalServerError,
					Body: `{"error":"Failed to create integration"}`, Times: 1})
			},
			Config:      config,
			ExpectError: expectError("Unable to create Jira integration", "HTTP 500 Internal Server Error: Failed to create integration"),
		}, {
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate)},
			},
		}, {
			// A failed update keeps the old values in state, so the change is planned again.
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Method: http.MethodPut, Status: http.StatusInternalServerError,
					Body: `{"error":"Failed to update integration"}`, Times: 1})
			},
			Config:      env.integrationConfig(updated, ""),
			ExpectError: expectError("Unable to update Jira integration", "HTTP 500 Internal Server Error: Failed to update integration"),
		}, {
			Config: env.integrationConfig(updated, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(updated)},
		}, {
			// A refresh that fails shows the status and Xray's message too.
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Method: http.MethodGet, PathContains: "jira-integrations", Status: http.StatusInternalServerError,
					Body: `{"error":"database unavailable"}`, Times: 1})
			},
			Config:      env.integrationConfig(updated, ""),
			ExpectError: expectError("Unable to read Jira integration", "HTTP 500 Internal Server Error: database unavailable"),
		}},
	})
}
