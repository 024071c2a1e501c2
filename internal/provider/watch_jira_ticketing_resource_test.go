package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

const ticketingAddr = "xray_watch_jira_ticketing.test"

// seedWatch stores a watch in the fake as the UI would make it, with fields the provider does
// not know (one a number whose spelling a decode-and-encode would change), and returns its name.
func seedWatch(t *testing.T, env *testEnv) string {
	t.Helper()
	name := acctest.RandomWithPrefix("tf-acc-watch")
	body := fmt.Sprintf(`{"general_data": {"name": %q, "active": true, "description": "made in the UI"},
 "project_resources": {"resources": [{"type": "repository", "name": "npm-local", "bin_mgr_id": "default", "filters": [{"type": "regex", "value": ".*"}]}]},
 "assigned_policies": [{"name": "sec-policy", "type": "security"}],
 "watch_recipients": ["sec@example.com"],
 "x_future_field": {"threshold": 2.50, "list": [1, "é", null]}}`, name)
	if err := env.fake.PutWatch("", json.RawMessage(body)); err != nil {
		t.Fatal(err)
	}
	return name
}

// ticketingConfig is the provider block and one xray_watch_jira_ticketing "test".
func (e *testEnv) ticketingConfig(watch, body string) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "xray_watch_jira_ticketing" "test" {
  watch_name     = %q
%s
}
`, watch, body)
}

// otherFields is the stored watch without its three ticketing fields.
func otherFields(t *testing.T, env *testEnv, name string) map[string]string {
	t.Helper()
	fields, ok := env.fake.WatchFields("", name)
	if !ok {
		t.Fatalf("watch %q is gone from the fake", name)
	}
	out := map[string]string{}
	for k, v := range fields {
		if k != fieldCreateTicketEnabled && k != fieldTicketProfile && k != fieldTicketGeneration {
			out[k] = string(v)
		}
	}
	return out
}

// expectWatchField is a state check that the fake stores field of the watch as want (compact
// JSON), or, with want "", does not store it.
func expectWatchField(env *testEnv, name, field, want string) stateCheckFunc {
	return stateCheckFunc(func() error {
		fields, ok := env.fake.WatchFields("", name)
		if !ok {
			return fmt.Errorf("watch %q is gone from Xray", name)
		}
		got, has := fields[field]
		switch {
		case want == "" && has:
			return fmt.Errorf("Xray stores %s = %s, want it absent", field, got)
		case want != "" && string(got) != want:
			return fmt.Errorf("Xray stores %s = %s, want %s", field, got, want)
		}
		return nil
	})
}

// expectOthersKept is a state check that every field but the ticketing ones is as before.
func expectOthersKept(t *testing.T, env *testEnv, name string, before map[string]string) stateCheckFunc {
	return stateCheckFunc(func() error {
		after := otherFields(t, env, name)
		if len(after) != len(before) {
			return fmt.Errorf("the watch's other fields changed: %v, was %v", after, before)
		}
		for k, v := range before {
			if after[k] != v {
				return fmt.Errorf("the watch's %s changed: %s, was %s", k, after[k], v)
			}
		}
		return nil
	})
}

const fullGeneration = `
  ticket_generation = {
    create_tickets_for_ignored_violation = true
    create_duplicate_tickets = { by_version = { build = true, release_bundle = true } }
    impact_path_profiles_mapping = {
      include = [{ profile = "team-b", pattern = "npm://left-pad:*" }]
    }
  }`

// Create sets the ticketing, update changes it, import reads it back, and destroy turns it off
// and leaves the watch; every other field of the watch, unknown ones included, goes back to
// Xray byte for byte throughout.
func TestAccWatchJiraTicketing_lifecycle(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	before := otherFields(t, env, name)
	created := env.ticketingConfig(name, `  ticket_profile = "team-a"`)
	updated := env.ticketingConfig(name, `  ticket_profile = "team-c"`+fullGeneration)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if err := expectOthersKept(t, env, name, before)(); err != nil {
				return err
			}
			for field, want := range map[string]string{fieldCreateTicketEnabled: "false", fieldTicketProfile: "", fieldTicketGeneration: ""} {
				if err := expectWatchField(env, name, field, want)(); err != nil {
					return fmt.Errorf("after destroy: %w", err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: created,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ticketingAddr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(ticketingAddr, tfjsonpath.New("create_ticket_enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ticketingAddr, tfjsonpath.New("ticket_generation"), knownvalue.Null()),
				expectWatchField(env, name, fieldCreateTicketEnabled, "true"),
				expectWatchField(env, name, fieldTicketProfile, `"team-a"`),
				expectOthersKept(t, env, name, before),
			},
		}, {
			Config: updated,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ticketingAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectWatchField(env, name, fieldTicketProfile, `"team-c"`),
				expectWatchField(env, name, fieldTicketGeneration,
					`{"create_duplicate_tickets":{"by_version":{"build":true,"package":false,"release_bundle":true}},`+
						`"impact_path_profiles_mapping":{"include":[{"profile":"team-b","pattern":"npm://left-pad:*"}]},`+
						`"create_tickets_for_ignored_violation":true}`),
				expectOthersKept(t, env, name, before),
			},
		}, {
			ResourceName:      ticketingAddr,
			Config:            updated,
			ImportState:       true,
			ImportStateId:     name,
			ImportStateVerify: true,
		}},
	})
}

// Terraform 1.12 and later import by identity as well as by ID.
func TestAccWatchJiraTicketing_importByIdentity(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	config := env.ticketingConfig(name, `  ticket_profile = "team-a"`+fullGeneration)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(identityImportCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(ticketingAddr, map[string]knownvalue.Check{
					"watch_name": knownvalue.StringExact(name), "project_key": knownvalue.Null()}),
			},
		}, {
			ResourceName:    ticketingAddr,
			Config:          config,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		}},
	})
}

// A ticketing change made in the UI shows as an update, which puts the configuration back; a
// watch deleted outside Terraform drops the resource from state, and the plan then refuses it.
func TestAccWatchJiraTicketing_driftAndGone(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	config := env.ticketingConfig(name, `  ticket_profile = "team-a"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() {
				fields, _ := env.fake.WatchFields("", name)
				fields[fieldTicketProfile] = json.RawMessage(`"clicked-in-the-ui"`)
				fields[fieldTicketGeneration] = json.RawMessage(`{"create_tickets_for_ignored_violation":true}`)
				body, _ := json.Marshal(fields)
				if err := env.fake.PutWatch("", body); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ticketingAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectWatchField(env, name, fieldTicketProfile, `"team-a"`),
				statecheck.ExpectKnownValue(ticketingAddr, tfjsonpath.New("ticket_generation"), knownvalue.Null()),
			},
		}, {
			PreConfig:   func() { env.fake.RemoveWatch("", name) },
			Config:      config,
			ExpectError: expectError("Watch does not exist in Xray", name, "jfrog/xray's `xray_watch`"),
		}},
	})
}

// A plan refuses a watch Xray does not have, and an empty profile or pattern, before anything
// is written.
func TestAccWatchJiraTicketing_refusedAtPlan(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.ticketingConfig("no-such-watch", `  ticket_profile = "team-a"`),
			PlanOnly:    true,
			ExpectError: expectError("Watch does not exist in Xray", `"no-such-watch"`, "jfrog/xray's `xray_watch`"),
		}, {
			Config:      env.ticketingConfig(name, `  ticket_profile = ""`),
			PlanOnly:    true,
			ExpectError: expectError("ticket_profile", "at least 1"),
		}, {
			Config: env.ticketingConfig(name, `  ticket_profile = "a"
  ticket_generation = { impact_path_profiles_mapping = { include = [{ profile = "b", pattern = "" }] } }`),
			PlanOnly:    true,
			ExpectError: expectError("pattern", "at least 1"),
		}},
	})
	if _, ok := env.fake.WatchFields("", name); !ok {
		t.Fatal("the watch is gone")
	}
	if fields, _ := env.fake.WatchFields("", name); fields[fieldTicketProfile] != nil {
		t.Errorf("a refused plan wrote ticket_profile %s", fields[fieldTicketProfile])
	}
}

// A watch of a project scope is read and written with ?projectKey=, imported as
// NAME:PROJECT_KEY, and a global watch of the same name is left alone.
func TestAccWatchJiraTicketing_projectWatch(t *testing.T) {
	env := newFakeEnv(t)
	name := seedWatch(t, env) // the global one
	if err := env.fake.PutWatch("payments", json.RawMessage(fmt.Sprintf(`{"general_data": {"name": %q}}`, name))); err != nil {
		t.Fatal(err)
	}
	config := env.ticketingConfig(name, `  project_key    = "payments"
  ticket_profile = "payments-team"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ticketingAddr, tfjsonpath.New("id"), knownvalue.StringExact(name+":payments")),
				stateCheckFunc(func() error {
					fields, _ := env.fake.WatchFields("payments", name)
					if string(fields[fieldTicketProfile]) != `"payments-team"` {
						return fmt.Errorf("the project's watch holds ticket_profile %s", fields[fieldTicketProfile])
					}
					return nil
				}),
				expectWatchField(env, name, fieldTicketProfile, ""), // the global watch
			},
		}, {
			ResourceName:      ticketingAddr,
			Config:            config,
			ImportState:       true,
			ImportStateId:     name + ":payments",
			ImportStateVerify: true,
		}},
	})
}
