package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// Every PUT is stored and its answer lost: each write is settled by reading the watch back, so
// the apply and the destroy succeed, and the watch holds what they wrote.
func TestAccWatchJiraTicketing_lostPutAnswerSettledByRead(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternWatchUpdate, StoreThenFail: true, DropConnection: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return expectWatchField(env, name, fieldTicketProfile, "")()
		},
		Steps: []resource.TestStep{{
			Config:            env.ticketingConfig(name, `  ticket_profile = "team-a"`),
			ConfigStateChecks: []statecheck.StateCheck{expectWatchField(env, name, fieldTicketProfile, `"team-a"`)},
		}},
	})
}

// A PUT whose answer is lost and that Xray did not store fails the apply, saying so; nothing
// is recorded in state.
func TestAccWatchJiraTicketing_lostPutNotStoredFails(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternWatchUpdate, DropConnection: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.ticketingConfig(name, `  ticket_profile = "team-a"`),
			ExpectError: expectError("Unable to set the ticketing of watch", "may or may not", "did not show the new settings"),
		}},
	})
}

// A 404 that is not Xray's (a router's page) proves nothing: the refresh fails with the status
// and what to check, and the state is kept, so the plan after the router is fixed is empty.
func TestAccWatchJiraTicketing_routerNotFoundKeepsState(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	config := env.ticketingConfig(name, `  ticket_profile = "team-a"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternWatchRead, Status: http.StatusNotFound,
					Body: "<html><body>404 Not Found</body></html>"})
			},
			Config:      config,
			ExpectError: expectError("Unable to read the ticketing of watch", "404", "could not confirm", "state is left as it was"),
		}, {
			PreConfig: env.fake.ClearFaults,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}
