package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The whole lifecycle (create, empty plan, update, empty plan, import, destroy) against a server
// that speaks one path flavour and answers the routes it lacks in each shape real servers use,
// without configuration. No answer for a missing route may make Terraform forget an integration
// that exists. Xray's version is asked once per provider process that checks a new name (the
// plan and the apply's re-plan of the create: the check's route discovery asks for it at the same
// time as both routes, so that a server whose routes both answer in Xray's shape is settled in
// one round trip), and never by an update, a refresh or an import.
func TestAccJiraIntegration_everyUnknownRouteShape(t *testing.T) {
	for _, flavour := range []fakexray.Flavour{fakexray.FlavourDocumented, fakexray.FlavourObserved} {
		for _, style := range fakexray.RouterStyles {
			t.Run(string(flavour)+"/"+string(style), func(t *testing.T) {
				env := newFakeEnv(t, fakexray.WithFlavour(flavour), fakexray.WithRouterStyle(style))
				name := randomName() + " Jira Cloud α%" // travels in URL paths: escaped exactly once
				created := env.integration(name)
				updated := withUsername(created, "robot@example.com")
				versionOncePerCreatePlan := env.expectRequests(fakexray.PatternVersion, 2)
				afterUpdate := []statecheck.StateCheck{env.expectStored(updated), versionOncePerCreatePlan}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: protoV6ProviderFactories,
					CheckDestroy:             env.checkDestroyed(name),
					Steps: []resource.TestStep{{
						Config:            env.integrationConfig(created, ""),
						ConfigStateChecks: []statecheck.StateCheck{env.expectStored(created), versionOncePerCreatePlan},
					}, {
						Config: env.integrationConfig(updated, ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: afterUpdate,
					}, {
						ResourceName: resourceAddr, ImportState: true, ImportStateId: name,
						ImportStateVerify: true, ImportStateVerifyIgnore: []string{"password"},
					}},
				})
			})
		}
	}
}

// Switching an existing integration from password to password_wo without a version cannot
// apply "successfully" with Xray keeping the old password: the plan says the version is needed.
func TestAccJiraIntegration_switchToWriteOnlyNeedsVersion(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	stored := env.integration(name)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(stored, ""),
		}, {
			Config: env.providerConfig() + fmt.Sprintf(`
resource "xray_jira_integration" "test" {
  connection_name   = %q
  username          = %q
  password_wo       = "the-new-password"
  installation_type = %q
  jira_server_url   = %q
}
`, stored.ConnectionName, stored.Username, stored.InstallationType, stored.JiraServerURL),
			ExpectError: expectError("These attributes must be configured together: [password_wo,password_wo_version]"),
		}, {
			// Nothing was sent: Xray still has the password of the first step.
			Config:            env.integrationConfig(stored, ""),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(stored)},
		}},
	})
}

// Xray may answer the configured jira_server_url in another spelling of the same URL: that is
// no drift (no diff, no update loop). A different URL still is.
func TestAccJiraIntegration_equivalentJiraURLIsNoDrift(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	want := env.integration(name)
	want.JiraServerURL = "https://customer.atlassian.net"
	config := env.integrationConfig(want, "")
	respell := func(url string) func() {
		return func() {
			stored, _ := env.fake.Integration(name)
			stored.JiraServerURL = url
			env.fake.Put(stored)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: respell("HTTPS://Customer.Atlassian.NET:443/"),
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("jira_server_url"), knownvalue.StringExact(want.JiraServerURL)),
			},
		}, {
			PreConfig: respell("https://customer.atlassian.net/jira"),
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(want)},
		}},
	})
}

// An import ID gets the same validation as connection_name: ".." would climb Xray's URL path.
func TestAccJiraIntegration_importIDIsValidated(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        env.integrationConfig(env.integration(name), ""),
			ResourceName:  resourceAddr,
			ImportState:   true,
			ImportStateId: "..",
			ExpectError:   expectError("Invalid import ID", `".." is not a valid one`, `must be none of: ["." ".."]`),
		}},
	})
	for key, n := range env.fake.RequestCounts() {
		if n > 0 && key != "" && key != fakexray.PatternVersion {
			t.Errorf("an invalid import ID reached Xray: %d × %s", n, key)
		}
	}
}
