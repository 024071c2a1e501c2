package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// actionsCLI skips the tests that need actions: Terraform added them in 1.14, and OpenTofu has
// none (opentofu/opentofu#3309), whatever its version. callerCLI is for the tests whose action
// configuration uses the caller symbol, and on_failure, which came with Terraform 1.16.
// tf-env.sh names OpenTofu's registry host for terraform-plugin-testing when the CLI is OpenTofu,
// which is how an OpenTofu run is told.
var (
	actionsCLI tfversion.TerraformVersionCheck = actionsCLICheck{"actions (action blocks, action_trigger, terraform apply -invoke)", tfversion.Version1_14_0}
	callerCLI  tfversion.TerraformVersionCheck = actionsCLICheck{"the caller symbol and on_failure of actions", version.Must(version.NewVersion("1.16.0"))}
)

type actionsCLICheck struct {
	feature string
	since   *version.Version
}

func (c actionsCLICheck) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if os.Getenv(resource.EnvTfAccProviderHost) == "registry.opentofu.org" {
		resp.Skip = fmt.Sprintf("%s need Terraform %s or later; OpenTofu %s has no actions: skipping test",
			c.feature, c.since, req.TerraformVersion)
		return
	}
	tfversion.SkipBelow(c.since).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip = fmt.Sprintf("%s need Terraform %s or later; this CLI is %s: skipping test",
			c.feature, c.since, req.TerraformVersion)
	}
}

// checkAfterWrites is the lifecycle block that runs the check action after every create and
// update of the resource, as the docs recommend.
const checkAfterWrites = `
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.xray_jira_integration_check.test]
    }
  }
`

// checkActionOfTheResource checks the integration that triggers it (caller), as the docs show.
const checkActionOfTheResource = `
action "xray_jira_integration_check" "test" {
  config {
    connection_name = caller.connection_name
  }
}
`

// checkActionTriggeredBy is a configuration where creating a terraform_data runs the check of
// name: the action on its own, with no resource of this provider involved.
func (e *testEnv) checkActionTriggeredBy(name string) string {
	return e.providerConfig() + fmt.Sprintf(`
action "xray_jira_integration_check" "test" {
  config {
    connection_name = %q
  }
}

resource "terraform_data" "trigger" {
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.xray_jira_integration_check.test]
    }
  }
}
`, name)
}

// The action runs after the create and after each update, asks Xray once each time, and an
// apply that changes an integration Xray then cannot reach Jira with fails with Xray's reason.
// The change itself is kept: Xray holds it and the next plan is empty.
func TestAccJiraIntegrationCheckAction_afterCreateAndUpdate(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	in := env.integration(name)
	config := func(username string) string {
		in.Username = username
		return env.integrationConfig(in, checkAfterWrites) + checkActionOfTheResource
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{callerCLI},
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig:         env.fake.ResetRequests,
			Config:            config("first@example.com"),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStatusChecksAfter(http.MethodPost, name, 1)},
		}, {
			PreConfig:         env.fake.ResetRequests,
			Config:            config("second@example.com"),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStatusChecksAfter(http.MethodPut, name, 1)},
		}, {
			PreConfig: func() {
				env.fake.SetStatus(name, fakexray.StatusFaultyConfiguration, "Jira answered 401: API token expired")
			},
			Config: config("third@example.com"),
			ExpectError: expectError(fmt.Sprintf("Xray cannot reach Jira through integration %q", name),
				"Xray's status check answered FAULTY_CONFIGURATION", "Jira answered 401: API token expired",
				"Check the integration's jira_server_url, username and password"),
		}, {
			// The failed check rolled nothing back: Xray has the update, and the state knows it.
			Config:   config("third@example.com"),
			PlanOnly: true,
			PreConfig: func() {
				if got, _ := env.fake.Integration(name); got.Username != "third@example.com" {
					t.Errorf("after the failed check Xray holds username %q, want the update's", got.Username)
				}
			},
		}},
	})
}

// A check that fails after the create leaves the integration created and in the state (so the
// destroy removes it: CheckDestroy), and the apply fails with Xray's reason. By default the next
// plan is empty, so the next apply passes without checking again; with on_failure = taint it
// replaces the integration and checks the new one (which the fake, like a fresh integration,
// reports healthy).
func TestAccJiraIntegrationCheckAction_faultyCreateFailsTheApply(t *testing.T) {
	fails := expectError("Xray cannot reach Jira through integration", "FAULTY_CONFIGURATION",
		"Jira answered 403: the user may not browse projects")
	for _, tc := range []struct {
		name      string
		onFailure string
		nextPlan  plancheck.PlanCheck
		nextApply *regexp.Regexp
		checked   bool // the next apply checks again
	}{
		{"halt (the default)", "", plancheck.ExpectEmptyPlan(), nil, false},
		{"taint", "on_failure = taint", plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate), nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newFakeEnv(t)
			name := randomName()
			env.fake.SetStatus(name, fakexray.StatusFaultyConfiguration, "Jira answered 403: the user may not browse projects")
			config := env.integrationConfig(env.integration(name), strings.Replace(checkAfterWrites,
				"actions = [", tc.onFailure+"\n      actions = [", 1)) + checkActionOfTheResource
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{callerCLI},
				CheckDestroy:             env.checkDestroyed(name),
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: fails,
				}, {
					PreConfig:         env.fake.ResetRequests,
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tc.nextPlan}},
					ExpectError:       tc.nextApply,
					ConfigStateChecks: checkedAgain(env, name, tc.checked),
				}},
			})
			if _, ok := env.fake.Integration(name); ok {
				t.Errorf("%q is still on Xray after the destroy", name)
			}
		})
	}
}

// checkedAgain expects one status check after the replacement's create when checked is set.
func checkedAgain(env *testEnv, name string, checked bool) []statecheck.StateCheck {
	if !checked {
		return nil
	}
	return []statecheck.StateCheck{env.expectStatusChecksAfter(http.MethodPost, name, 1)}
}

// The action checks any integration, managed here or not; one Xray does not know is an error
// that names it.
func TestAccJiraIntegrationCheckAction_missingIntegration(t *testing.T) {
	env := newFakeEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{actionsCLI},
		Steps: []resource.TestStep{{
			Config: env.checkActionTriggeredBy("no-such-integration"),
			ExpectError: expectError(`Jira integration "no-such-integration" does not exist on Xray`,
				"INTEGRATION_NOT_FOUND", `Xray has no integration named "no-such-integration": check connection_name`),
		}},
	})
}

// The action uses the provider's client: a 503 from Xray is retried, and the check passes on
// the second attempt.
func TestAccJiraIntegrationCheckAction_retriesLikeEverythingElse(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	env.fake.Put(fakexray.JiraIntegration{ConnectionName: name, AuthType: "basic", Username: "u",
		InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"})
	env.fake.Inject(fakexray.Fault{Pattern: fakexray.PatternStatus, Times: 1, Status: http.StatusServiceUnavailable})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{actionsCLI},
		Steps: []resource.TestStep{{
			Config: env.checkActionTriggeredBy(name),
			PostApplyFunc: func() {
				if got := env.fake.RequestCounts()[fakexray.PatternStatus]; got != 2 {
					t.Errorf("Xray received %d status requests, want 2 (a 503, then the retry)", got)
				}
			},
		}},
	})
}

// On an Xray without the status check, the error says which version it needs.
func TestAccJiraIntegrationCheckAction_oldXray(t *testing.T) {
	env := newFakeEnv(t, fakexray.WithVersion("3.135.0"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{actionsCLI},
		Steps: []resource.TestStep{{
			Config:      env.checkActionTriggeredBy("any"),
			ExpectError: expectError("Unable to check the status of Jira integration", "this server runs Xray 3.135.0", "needs Xray 3.136.0 or later"),
		}},
	})
}

// connection_name is validated as the resource's is, before anything runs.
func TestAccJiraIntegrationCheckAction_invalidName(t *testing.T) {
	env := newFakeEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{actionsCLI},
		Steps: []resource.TestStep{{
			Config:      env.checkActionTriggeredBy("team/security"),
			PlanOnly:    true,
			ExpectError: expectError("contain a slash"),
		}},
	})
	if got := env.fake.RequestCounts()[fakexray.PatternStatus]; got != 0 {
		t.Errorf("an invalid name reached Xray: %d status requests", got)
	}
}

// expectStatusChecksAfter is a state check that reads the fake's request log: Xray received
// want status checks of name, each answered 200, all after the request that wrote it (method is
// POST for a create, PUT for an update).
func (e *testEnv) expectStatusChecksAfter(method, name string, want int) statecheck.StateCheck {
	return requestLogCheck(func() error {
		wrote, checks := -1, 0
		for i, r := range e.fake.Requests() {
			switch {
			case r.Method == method && r.Pattern != fakexray.PatternStatus && r.Status == http.StatusOK:
				wrote = i
			case r.Pattern == fakexray.PatternStatus:
				q, _ := url.ParseQuery(r.Query)
				if q.Get("integrationName") != name {
					return fmt.Errorf("a status check of %q, want %q", q.Get("integrationName"), name)
				}
				if wrote < 0 {
					return fmt.Errorf("a status check of %q came before the %s that wrote it", name, method)
				}
				if r.Status != http.StatusOK {
					return fmt.Errorf("the status check of %q was answered %d", name, r.Status)
				}
				checks++
			}
		}
		if wrote < 0 {
			return fmt.Errorf("Xray received no %s for %q", method, name)
		}
		if checks != want {
			return fmt.Errorf("Xray received %d status checks of %q after the %s, want %d", checks, name, method, want)
		}
		return nil
	})
}

type requestLogCheck func() error

func (c requestLogCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

// The action sends no progress after Xray's answer: a stream that has stopped reading (the
// framework's channel is unbuffered) would otherwise block the action's goroutine for the life of
// the process. Before, a healthy check ended with a closing message that blocked here.
func TestCheckActionSendsNoProgressAfterTheAnswer(t *testing.T) {
	env := newFakeEnv(t)
	env.fake.Put(fakexray.JiraIntegration{ConnectionName: "jira-prod", AuthType: "basic", Username: "bot@example.com",
		Password: "secret", InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"})
	client, err := xray.NewClient(xray.Config{URL: env.fake.URL(), AccessToken: env.fake.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	a := &jiraIntegrationCheckAction{client: client}
	var schemaResp action.SchemaResponse
	a.Schema(context.Background(), action.SchemaRequest{}, &schemaResp)
	config := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(
		schemaResp.Schema.Type().TerraformType(context.Background()),
		map[string]tftypes.Value{"connection_name": tftypes.NewValue(tftypes.String, "jira-prod")})}

	sent := 0
	stopped := make(chan struct{}) // never closed: the stream reads no more after the first message
	resp := &action.InvokeResponse{SendProgress: func(action.InvokeProgressEvent) {
		if sent++; sent > 1 {
			<-stopped
		}
	}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Invoke(context.Background(), action.InvokeRequest{Config: config}, resp)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the action blocked on a progress message after Xray's answer")
	}
	if resp.Diagnostics.HasError() {
		t.Errorf("check of a healthy integration: %v", resp.Diagnostics)
	}
}
