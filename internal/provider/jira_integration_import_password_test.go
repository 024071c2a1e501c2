package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// What the docs promise for the password after an import: the first apply sends `password`
// once, and `password_wo` once when password_wo_version is set; then plans are clean.
func TestAccJiraIntegration_importThenApplySendsPasswordOnce(t *testing.T) {
	env := newFakeEnv(t)
	plain, writeOnly := randomName(), randomName()
	for _, name := range []string{plain, writeOnly} {
		made := env.integration(name)
		made.Password = "set-in-the-ui"
		env.fake.Put(fakexray.JiraIntegration(made))
	}
	config := env.providerConfig() + fmt.Sprintf(`
import {
  to = xray_jira_integration.plain
  id = %[1]q
}

import {
  to = xray_jira_integration.wo
  id = %[2]q
}

resource "xray_jira_integration" "plain" {
  connection_name   = %[1]q
  username          = %[3]q
  password          = "from-terraform"
  installation_type = %[4]q
  jira_server_url   = %[5]q
}

resource "xray_jira_integration" "wo" {
  connection_name     = %[2]q
  username            = %[3]q
  password_wo         = "write-only-from-terraform"
  password_wo_version = 1
  installation_type   = %[4]q
  jira_server_url     = %[5]q
}
`, plain, writeOnly, env.jira.username, env.jira.installationType, env.jira.url)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(writeOnlyCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(plain, writeOnly),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("xray_jira_integration.plain", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("xray_jira_integration.wo", plancheck.ResourceActionUpdate),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(withPassword(env.integration(plain), "from-terraform")),
				env.expectStored(withPassword(env.integration(writeOnly), "write-only-from-terraform")),
			},
		}, {
			PreConfig: env.fake.ResetRequests,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectPuts(0, "")},
		}},
	})
}
