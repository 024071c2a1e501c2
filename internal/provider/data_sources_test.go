package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// An integration made in the Xray UI (OAuth, so the API could not have made it) is readable.
func TestAccJiraIntegrationDataSource_found(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	env.fake.Put(fakexray.JiraIntegration{ConnectionName: name, AuthType: "oauth2", Username: "ui-admin",
		InstallationType: "server", JiraServerURL: "https://jira.corp.example.com", SkipProxy: true})
	const addr = "data.xray_jira_integration.ui"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + fmt.Sprintf(`
data "xray_jira_integration" "ui" {
  connection_name = %q
}
`, name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("auth_type"), knownvalue.StringExact("oauth2")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("username"), knownvalue.StringExact("ui-admin")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("installation_type"), knownvalue.StringExact("server")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("jira_server_url"), knownvalue.StringExact("https://jira.corp.example.com")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("skip_proxy"), knownvalue.Bool(true)),
			},
		}},
	})
}

// The data source also reads what the resource manages, within one configuration.
func TestAccJiraIntegrationDataSource_ofManagedResource(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(env.integration(name), "  skip_proxy = true") + `
data "xray_jira_integration" "read" {
  connection_name = xray_jira_integration.test.connection_name
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.xray_jira_integration.read", tfjsonpath.New("jira_server_url"),
					resourceAddr, tfjsonpath.New("jira_server_url"), compareEqual{}),
				statecheck.ExpectKnownValue("data.xray_jira_integration.read", tfjsonpath.New("skip_proxy"), knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccJiraIntegrationDataSource_missing(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.providerConfig() + `data "xray_jira_integration" "x" { connection_name = "no-such-integration" }`,
			ExpectError: expectError("Jira integration not found", `Xray has no Jira integration named "no-such-integration"`),
		}},
	})
}

// On an Xray older than a data source's endpoint, the error names the version it needs.
func TestAccDataSources_oldXray(t *testing.T) {
	cases := []struct{ dataSource, have, need string }{
		{"xray_jira_integration", "3.128.0", "3.129.0"},
		{"xray_jira_integration_status", "3.135.0", "3.136.0"},
	}
	for _, tc := range cases {
		t.Run(tc.dataSource, func(t *testing.T) {
			env := newFakeEnv(t, fakexray.WithVersion(tc.have))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      env.providerConfig() + fmt.Sprintf(`data %q "x" { connection_name = "any" }`, tc.dataSource),
					ExpectError: expectError("this server runs Xray "+tc.have, "needs Xray "+tc.need+" or later"),
				}},
			})
		})
	}
}

func TestAccJiraIntegrationStatusDataSource(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	env.fake.Put(fakexray.JiraIntegration{ConnectionName: name, AuthType: "basic", Username: "u",
		InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"})
	const addr = "data.xray_jira_integration_status.s"
	config := func(n string) string {
		return env.providerConfig() + fmt.Sprintf(`data "xray_jira_integration_status" "s" { connection_name = %q }`, n)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config(name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("HEALTHY_INTEGRATION")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("healthy"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("checked_at"), rfc3339{}),
			},
		}, {
			PreConfig: func() {
				env.fake.SetStatus(name, fakexray.StatusFaultyConfiguration, "Jira answered 401: API token expired")
			},
			Config: config(name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("FAULTY_CONFIGURATION")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("reason"), knownvalue.StringExact("Jira answered 401: API token expired")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("healthy"), knownvalue.Bool(false)),
			},
		}, {
			// A missing integration is a status, not an error, so a check block can report it.
			Config: config("no-such-integration"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("INTEGRATION_NOT_FOUND")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("healthy"), knownvalue.Bool(false)),
			},
		}},
	})
}

// A check block asserting healthy is silent while Xray reaches Jira and warns, without failing
// the run, once it cannot.
func TestAccJiraIntegrationStatus_checkBlock(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "") + `
check "jira_reachable" {
  data "xray_jira_integration_status" "this" {
    connection_name = xray_jira_integration.test.connection_name
  }

  assert {
    condition     = data.xray_jira_integration_status.this.healthy
    error_message = "Xray cannot reach Jira through ${data.xray_jira_integration_status.this.connection_name}: ${data.xray_jira_integration_status.this.reason}"
  }
}
`
	noOp := plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			// Terraform reads a check block's data source on every plan and apply, so a plan is
			// never empty; what matters is that the integration itself has no change.
			Config:             config,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{noOp}},
		}, {
			Config:             config,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{noOp, expectCheck("jira_reachable", tfjson.CheckStatusPass, "")},
				PostApplyPostRefresh: []plancheck.PlanCheck{noOp},
			},
		}, {
			PreConfig: func() {
				env.fake.SetStatus(name, fakexray.StatusFaultyConfiguration, "Jira answered 401: API token expired")
			},
			Config:             config,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{noOp, expectCheck("jira_reachable", tfjson.CheckStatusFail,
					"Xray cannot reach Jira through "+name+": Jira answered 401: API token expired")},
			},
		}},
	})
}

// Terraform 1.12 and later import by identity as well as by ID.
func TestAccJiraIntegration_importByIdentity(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(identityImportCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(resourceAddr, map[string]knownvalue.Check{"connection_name": knownvalue.StringExact(name)}),
			},
		}, {
			ResourceName:       resourceAddr,
			Config:             config,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithResourceIdentity,
			ExpectNonEmptyPlan: true, // the password, which Xray never returns, is sent once
		}},
	})
}

// expectCheck asserts the result of a check block in the plan, and the text of its failure.
func expectCheck(name string, want tfjson.CheckStatus, message string) plancheck.PlanCheck {
	return planCheckFunc(func(plan *tfjson.Plan) error {
		for _, c := range plan.Checks {
			if c.Address.Kind != tfjson.CheckKindCheckBlock || c.Address.Name != name {
				continue
			}
			if c.Status != want {
				return fmt.Errorf("check %q is %q, want %q", name, c.Status, want)
			}
			if message == "" {
				return nil
			}
			for _, inst := range c.Instances {
				for _, p := range inst.Problems {
					if strings.Contains(p.Message, message) {
						return nil
					}
				}
			}
			return fmt.Errorf("check %q failed without the message %q", name, message)
		}
		return fmt.Errorf("the plan has no result for check %q", name)
	})
}

type planCheckFunc func(*tfjson.Plan) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

type compareEqual struct{}

func (compareEqual) CompareValues(values ...any) error {
	if len(values) == 2 && values[0] == values[1] {
		return nil
	}
	return fmt.Errorf("values differ: %v", values)
}

// rfc3339 is a knownvalue check for a timestamp string.
type rfc3339 struct{}

func (rfc3339) CheckValue(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("expected a string, got %T", v)
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return fmt.Errorf("not an RFC 3339 time: %w", err)
	}
	return nil
}

func (rfc3339) String() string { return "an RFC 3339 timestamp" }
