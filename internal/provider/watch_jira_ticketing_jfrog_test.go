package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/jfrogstandin"
)

// withJFrog is this provider as "xray" and the stand-in for released jfrog/xray as "jfrog":
// both providers' type name is xray, so one of the two takes another local name, and its
// resources say `provider = jfrog`.
var withJFrog = map[string]func() (tfprotov6.ProviderServer, error){
	"xray":  protoV6ProviderFactories["xray"],
	"jfrog": providerserver.NewProtocol6WithError(jfrogstandin.New("test")()),
}

// jfrogConfig is a watch made by jfrog/xray's xray_watch and its ticketing by ours, watch_name
// taken from the watch's id so that ours is written after the watch. lifecycle is ours's
// lifecycle block, or "".
func (e *testEnv) jfrogConfig(watch, description, lifecycle string) string {
	return e.providerConfig() + fmt.Sprintf(`
provider "jfrog" {
  url          = %q
  access_token = %q
}

resource "xray_watch" "x" {
  provider    = jfrog
  name        = %q
  description = %q
}

resource "xray_watch_jira_ticketing" "test" {
  watch_name     = xray_watch.x.id
  ticket_profile = "team-a"
%s
}
`, e.url, e.token, watch, description, lifecycle)
}

// Released jfrog/xray's xray_watch sends a PUT without the ticketing fields, which clears them.
// Beside it: the next plan repairs the reset (one more apply), and replace_triggered_by keeps
// both right in the apply that changes the watch, as the GitOps guide says.
func TestAccWatchJiraTicketing_besideJFrogWatch(t *testing.T) {
	env := newFakeEnv(t)
	name := acctest.RandomWithPrefix("tf-acc-watch")
	const replaceOnWatchChange = "  lifecycle {\n    replace_triggered_by = [xray_watch.x]\n  }"
	profileSet := expectWatchField(env, name, fieldTicketProfile, `"team-a"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: withJFrog,
		Steps: []resource.TestStep{{
			// The watch and its ticketing in one apply: the name is unknown at plan, so the plan
			// checks nothing, and ours is written after the watch is made.
			Config:            env.jfrogConfig(name, "one", ""),
			ConfigStateChecks: []statecheck.StateCheck{profileSet},
		}, {
			// jfrog/xray changes the watch and clears the ticketing; the plan that follows the
			// apply shows ours must write it again.
			Config:             env.jfrogConfig(name, "two", ""),
			ConfigStateChecks:  []statecheck.StateCheck{expectWatchField(env, name, fieldTicketProfile, "")},
			ExpectNonEmptyPlan: true,
		}, {
			// The next plan repairs the reset.
			Config: env.jfrogConfig(name, "two", ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("xray_watch.x", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(ticketingAddr, plancheck.ResourceActionUpdate),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{profileSet},
		}, {
			Config: env.jfrogConfig(name, "two", replaceOnWatchChange),
		}, {
			// With replace_triggered_by, a change of the watch writes ours again after it, in the
			// same apply: the plan after it is empty (terraform-plugin-testing checks that).
			Config: env.jfrogConfig(name, "three", replaceOnWatchChange),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("xray_watch.x", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(ticketingAddr, plancheck.ResourceActionReplace),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{profileSet,
				expectWatchField(env, name, "general_data", fmt.Sprintf(`{"active":true,"description":"three","name":%q}`, name))},
		}},
	})
}
