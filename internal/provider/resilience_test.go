package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// 503 and 429 (with Retry-After) from a proxy or an overloaded Xray are retried.
func TestAccJiraIntegration_retriesTransientErrors(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusServiceUnavailable, Body: "<html><title>503 Service Unavailable</title></html>", Times: 1})
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1})
				env.fake.Inject(fakexray.Fault{Method: http.MethodDelete, Status: http.StatusBadGateway, Times: 1})
			},
			Config:            env.integrationConfig(env.integration(name), ""),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name)), env.expectRequests(fakexray.PatternCreate, 3)},
		}},
	})
}

func (e *testEnv) expectRequests(pattern string, want int) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		if got := e.fake.RequestCounts()[pattern]; got != want {
			return fmt.Errorf("%s was sent %d times, want %d", pattern, got, want)
		}
		return nil
	})
}

// A create stored by Xray whose answer a proxy replaced with a 503: the retry is told the name
// exists, and the provider recognises its own integration instead of failing or duplicating.
func TestAccJiraIntegration_lostCreateResponse(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, StoreThenFail: true, Status: http.StatusServiceUnavailable, Times: 1})
			},
			Config:            env.integrationConfig(env.integration(name), ""),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name)), env.expectRequests(fakexray.PatternCreate, 2)},
		}, {
			// A dropped connection after storing is the same story.
			PreConfig: func() {
				env.fake.Remove(name)
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, StoreThenFail: true, DropConnection: true, Times: 1})
			},
			Config: env.integrationConfig(env.integration(name), ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name))},
		}},
	})
}

// When a create's retry finds an integration of that name that differs from the configuration
// (somebody made it between the plan and the apply), it is somebody else's: a clear error that
// suggests import, and nothing in state.
func TestAccJiraIntegration_createConflictSuggestsImport(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	theirs := fakexray.JiraIntegration(withUsername(env.integration(name), "someone-else"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The first attempt's answer is lost; by the retry, the name is taken.
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusServiceUnavailable, Times: 1})
				env.fake.SetJiraCheck(func(fakexray.JiraIntegration) bool {
					env.fake.Put(theirs)
					return true
				})
			},
			Config:      env.integrationConfig(env.integration(name), ""),
			ExpectError: expectError("Unable to create Jira integration", "whose username differ from the configuration", "import it"),
		}, {
			// Nothing went into state: the next plan warns that the name is taken (it cannot
			// tell a new resource from a tainted one's replacement), and its apply fails with
			// the import block (the e2e adoption test checks that Xray is left as it was).
			PreConfig: func() { env.fake.SetJiraCheck(nil) },
			Config:    env.integrationConfig(env.integration(name), ""),
			ExpectError: expectError("Unable to create Jira integration", fmt.Sprintf("already has an integration named %q", name),
				"import {", fmt.Sprintf("id = %q", name)),
		}},
	})
}

// Delete of an integration that is already gone (between refresh and delete, or with
// -refresh=false) succeeds, once a read confirms the delete's 404.
func TestAccJiraIntegration_deleteAlreadyGone(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() {
				// The refresh still sees the integration; by the delete, it is gone.
				stored, _ := env.fake.Integration(name)
				body, _ := json.Marshal(map[string]any{
					"connection_name": stored.ConnectionName, "auth_type": stored.AuthType, "username": stored.Username,
					"installation_type": stored.InstallationType, "jira_server_url": stored.JiraServerURL, "skip_proxy": stored.SkipProxy,
				})
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternReadByName, Status: http.StatusOK, Body: string(body), Times: 1})
				env.fake.Remove(name)
			},
			Config:  config,
			Destroy: true,
		}},
	})
}

// A delete whose 404 a read contradicts (the server has no delete route here, yet the
// integration is there) fails and keeps the integration in state.
func TestAccJiraIntegration_deleteNotFoundButStillThere(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Method: http.MethodDelete, Status: http.StatusNotFound, Body: `{"error":"Not Found"}`, Times: 1})
			},
			Config:      config,
			Destroy:     true,
			ExpectError: expectError("Unable to delete Jira integration", "HTTP 404"),
		}, {
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// An Xray older than 3.129 gets one clear error naming the minimum version, after at most one
// version request.
func TestAccJiraIntegration_oldXray(t *testing.T) {
	env := newFakeEnv(t, fakexray.WithVersion("3.120.0"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.integrationConfig(env.integration(randomName()), ""),
			ExpectError: expectError("this server runs Xray 3.120.0, but the Jira integration API needs Xray 3.129.0 or later"),
		}},
	})
	if n := env.fake.RequestCounts()[fakexray.PatternVersion]; n != 1 {
		t.Errorf("asked for the version %d times, want exactly once", n)
	}
}

// Error bodies that are not Xray's JSON still give the status and a readable message.
func TestAccJiraIntegration_nonJSONErrors(t *testing.T) {
	env := newFakeEnv(t)
	config := env.integrationConfig(env.integration(randomName()), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusInternalServerError, Times: 1,
					Body: "<!DOCTYPE html><html><head><title>Internal Server Error - nginx</title></head><body><h1>oops</h1></body></html>"})
			},
			Config:      config,
			ExpectError: expectError("HTTP 500 Internal Server Error: Internal Server Error - nginx"),
		}, {
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Status: http.StatusForbidden, Times: 1})
			},
			Config:      config,
			ExpectError: expectError("HTTP 403 Forbidden: (empty response body)", "must belong to an Xray admin"),
		}},
	})
}

// A server that is down fails fast (retries bounded to about 10 s) with the URL and the cause.
func TestAccJiraIntegration_serverDown(t *testing.T) {
	env := newFakeEnv(t)
	down := "http://127.0.0.1:1"
	t.Parallel() // before the clock starts: a parallel test first waits for its turn
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: strings.Replace(env.integrationConfig(env.integration(randomName()), ""), env.url, down, 1),
			// The plan's check of the name meets the down server first, with the apply's message.
			ExpectError: expectError("Unable to plan the creation of Jira integration", "no answer from Xray for GET "+down+"/xray/api/v1/ticketing/jira-integrations/",
				"connection refused", "Check that the platform URL (from the url attribute)"),
		}},
	})
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("a down server took %s to fail, want well under 20s", elapsed)
	}
}

// A soak: 100 integrations applied while 10% of requests get a 503 and 5% a 429 with
// Retry-After. Afterwards the server and the state agree exactly, and destroy empties the server.
func TestAccJiraIntegration_soakUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test")
	}
	env := newFakeEnv(t, fakexray.WithSeed(42))
	const n = 100
	prefix := randomName()
	config := env.providerConfig() + fmt.Sprintf(`
resource "xray_jira_integration" "soak" {
  count             = %d
  connection_name   = "%s-${count.index}"
  username          = "bot-${count.index}@example.com"
  password          = "secret-${count.index}"
  installation_type = count.index %% 2 == 0 ? "cloud" : "server"
  jira_server_url   = "https://jira-${count.index}.example.com"
  skip_proxy        = count.index %% 3 == 0
}
`, n, prefix)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if left := env.fake.Integrations(); len(left) != 0 {
				return fmt.Errorf("%d integrations left on the server after destroy", len(left))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.fake.Inject(fakexray.Fault{PathContains: "/xray/", Probability: 0.10, Status: http.StatusServiceUnavailable})
				env.fake.Inject(fakexray.Fault{PathContains: "/xray/", Probability: 0.05, Status: http.StatusTooManyRequests, RetryAfter: "1"})
			},
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				serverHoldsConfig(env, prefix, n),
				serverMatchesState{env: env},
			},
		}},
	})
}

// serverHoldsConfig checks that the fake holds exactly the soak's integrations, field by field.
func serverHoldsConfig(env *testEnv, prefix string, n int) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		stored := env.fake.Integrations()
		if len(stored) != n {
			return fmt.Errorf("the server holds %d integrations, want %d", len(stored), n)
		}
		for i := range n {
			want := xray.JiraIntegration{
				ConnectionName: fmt.Sprintf("%s-%d", prefix, i), AuthType: "basic",
				Username: fmt.Sprintf("bot-%d@example.com", i), Password: fmt.Sprintf("secret-%d", i),
				InstallationType: map[bool]string{true: "cloud", false: "server"}[i%2 == 0],
				JiraServerURL:    fmt.Sprintf("https://jira-%d.example.com", i), SkipProxy: i%3 == 0,
			}
			got, ok := env.fake.Integration(want.ConnectionName)
			if !ok || xray.JiraIntegration(got) != want {
				return fmt.Errorf("the server holds %+v for %s, want %v", got, want.ConnectionName, want)
			}
		}
		return nil
	})
}

// serverMatchesState checks that the state's integrations and the server's are the same set.
type serverMatchesState struct{ env *testEnv }

func (c serverMatchesState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	inState := map[string]bool{}
	if req.State != nil && req.State.Values != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Type == "xray_jira_integration" {
				name, _ := r.AttributeValues["connection_name"].(string)
				inState[name] = true
			}
		}
	}
	onServer := map[string]bool{}
	for _, in := range c.env.fake.Integrations() {
		onServer[in.ConnectionName] = true
		if !inState[in.ConnectionName] {
			resp.Error = fmt.Errorf("%s is on the server but not in state", in.ConnectionName)
			return
		}
	}
	for name := range inState {
		if !onServer[name] {
			resp.Error = fmt.Errorf("%s is in state but not on the server", name)
			return
		}
	}
	if len(inState) == 0 {
		resp.Error = fmt.Errorf("the state holds no integrations: nothing was compared")
	}
}
