package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A plan that would create an integration surfaces a token Xray does not accept (401) or that
// is not an admin's (403) at plan time, with the messages the apply would give, and creates
// nothing.
func TestAccJiraIntegration_planChecksTheToken(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.providerConfigWithToken("not-a-valid-token") + integrationResource(env.integration(name), ""),
			PlanOnly:    true,
			ExpectError: expectError("Unable to plan the creation of Jira integration", "HTTP 401", "The access token was not accepted"),
		}, {
			Config:      env.providerConfigWithToken(env.fake.ReaderToken()) + integrationResource(env.integration(name), ""),
			PlanOnly:    true,
			ExpectError: expectError("Unable to plan the creation of Jira integration", "HTTP 403", "must belong to an Xray admin"),
		}},
	})
	if n := env.fake.RequestCounts()["POST /xray/api/v1/ticketing/jira-integrations"]; n != 0 {
		t.Errorf("a plan sent %d creates", n)
	}
}

// A name only known at apply (another resource's output) skips the check instead of failing it:
// the plan reads nothing from Xray.
func TestAccJiraIntegration_unknownNameSkipsThePlanCheck(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.providerConfig() + `
resource "terraform_data" "name" {
  input = "` + name + `"
}
` + strings.Replace(integrationResource(env.integration(name), ""), `"`+name+`"`, "terraform_data.name.output", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	for key, n := range env.fake.RequestCounts() {
		if n > 0 && strings.Contains(key, "jira-integrations") {
			t.Errorf("a plan with an unknown name sent %d × %s", n, key)
		}
	}
}
