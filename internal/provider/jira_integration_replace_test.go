package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// A tainted integration is replaced: the plan of its create half, which Terraform makes with a
// null prior state, does not take the integration being replaced for a foreign one of the same
// name. Before, the plan failed with "already exists in Xray … import it".
func TestAccJiraIntegration_taintedIsReplaced(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	in := env.integration(name)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(in, ""),
		}, {
			Taint:  []string{resourceAddr},
			Config: env.integrationConfig(in, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(in)},
		}},
	})
}

// Renaming an integration replaces it; when Xray already holds the new name, the plan knows the
// integration it replaces had another name, so the new one is foreign: the plan fails with the
// import block, and nothing in Xray changes.
func TestAccJiraIntegration_renameOntoATakenNameFailsThePlan(t *testing.T) {
	env := newFakeEnv(t)
	name, taken := randomName(), randomName()
	in := env.integration(name)
	theirs := fakexray.JiraIntegration(withUsername(env.integration(taken), "someone-else"))
	renamed := in
	renamed.ConnectionName = taken
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(in, ""),
		}, {
			PreConfig: func() { env.fake.Put(theirs) },
			Config:    env.integrationConfig(renamed, ""),
			ExpectError: expectError("Jira integration already exists in Xray",
				fmt.Sprintf("replaces the integration %q with one named %q", name, taken),
				"import {", fmt.Sprintf("id = %q", taken)),
		}, {
			// Nothing changed in Xray: ours is still there, and theirs is untouched.
			Config:            env.integrationConfig(in, ""),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(in), env.expectStored(withUsername(env.integration(taken), "someone-else"))},
		}},
	})
}

// Renaming onto a free name replaces the integration as before.
func TestAccJiraIntegration_renameOntoAFreeName(t *testing.T) {
	env := newTestEnv(t)
	name, next := randomName(), randomName()
	in := env.integration(name)
	renamed := in
	renamed.ConnectionName = next
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name, next),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(in, ""),
		}, {
			Config: env.integrationConfig(renamed, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(renamed)},
		}},
	})
}
