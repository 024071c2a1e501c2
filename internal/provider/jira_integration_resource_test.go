package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

const resourceAddr = "xray_jira_integration.test"

// integrationConfig is the provider block and one xray_jira_integration "test".
func (e *testEnv) integrationConfig(in xray.JiraIntegration, extra string) string {
	return e.providerConfig() + integrationResource(in, extra)
}

// integrationResource renders xray_jira_integration "test" from an API value; skip_proxy and
// other arguments are written only when extra says so, to exercise their defaults.
func integrationResource(in xray.JiraIntegration, extra string) string {
	return fmt.Sprintf(`
resource "xray_jira_integration" "test" {
  connection_name   = %q
  username          = %q
  password          = %q
  installation_type = %q
  jira_server_url   = %q
%s
}
`, in.ConnectionName, in.Username, in.Password, in.InstallationType, in.JiraServerURL, extra)
}

func (e *testEnv) integration(name string) xray.JiraIntegration {
	return xray.JiraIntegration{
		ConnectionName: name, AuthType: "basic", Username: e.jira.username, Password: e.jira.password,
		InstallationType: e.jira.installationType, JiraServerURL: e.jira.url,
	}
}

// The two samples of JFrog's API page: a Jira Cloud connection through the proxy, and a
// self-hosted Jira Server reached directly (skip_proxy = true).
func TestAccJiraIntegration_seedSamples(t *testing.T) {
	env := newTestEnv(t)
	env.requireFake(t) // the samples' Jira hosts are only reachable for the fake
	cloud := xray.JiraIntegration{ConnectionName: "cloudProjectABC", AuthType: "basic", Username: "customer@gmail.com",
		Password: "password", InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"}
	server := xray.JiraIntegration{ConnectionName: "ServerProjectXYZ", AuthType: "basic", Username: "customer@gmail.com",
		Password: "password", InstallationType: "server", JiraServerURL: "http://10.35.12.11", SkipProxy: true}

	config := env.providerConfig() + `
resource "xray_jira_integration" "cloud" {
  connection_name   = "cloudProjectABC"
  auth_type         = "basic"
  username          = "customer@gmail.com"
  password          = "password"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
  skip_proxy        = false
}

resource "xray_jira_integration" "server" {
  connection_name   = "ServerProjectXYZ"
  auth_type         = "basic"
  username          = "customer@gmail.com"
  password          = "password"
  installation_type = "server"
  jira_server_url   = "http://10.35.12.11"
  skip_proxy        = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(cloud.ConnectionName, server.ConnectionName),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("xray_jira_integration.cloud", tfjsonpath.New("id"), knownvalue.StringExact("cloudProjectABC")),
				statecheck.ExpectKnownValue("xray_jira_integration.cloud", tfjsonpath.New("installation_type"), knownvalue.StringExact("cloud")),
				statecheck.ExpectKnownValue("xray_jira_integration.cloud", tfjsonpath.New("skip_proxy"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("xray_jira_integration.server", tfjsonpath.New("jira_server_url"), knownvalue.StringExact("http://10.35.12.11")),
				statecheck.ExpectKnownValue("xray_jira_integration.server", tfjsonpath.New("skip_proxy"), knownvalue.Bool(true)),
				env.expectStored(cloud),
				env.expectStored(server),
			},
			// terraform-plugin-testing also runs a plan after apply and fails on any change.
		}, {
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccJiraIntegration_defaultsAndUpdateInPlace(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	created := env.integration(name)
	updated := created
	updated.Username = "robot@example.com"
	updated.Password = "rotated-jira-password"
	updated.SkipProxy = true
	if env.fake != nil {
		updated.JiraServerURL = "https://jira.example.com/"
		updated.InstallationType = "server"
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(created, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("skip_proxy"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("auth_type"), knownvalue.StringExact("basic")),
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
				statecheck.ExpectSensitiveValue(resourceAddr, tfjsonpath.New("password")),
				env.expectStored(created),
			},
		}, {
			Config: env.integrationConfig(updated, "  skip_proxy = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("skip_proxy"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("username"), knownvalue.StringExact(updated.Username)),
				env.expectStored(updated),
			},
		}, {
			// Removing skip_proxy from the configuration goes back to the default, in place.
			Config: env.integrationConfig(updated, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("skip_proxy"), knownvalue.Bool(false)),
				},
			},
		}},
	})
}

func TestAccJiraIntegration_renameReplaces(t *testing.T) {
	env := newTestEnv(t)
	oldName, newName := randomName(), randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(oldName, newName),
		Steps: []resource.TestStep{{
			Config: env.integrationConfig(env.integration(oldName), ""),
		}, {
			Config: env.integrationConfig(env.integration(newName), ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(newName)),
				env.expectStored(env.integration(newName)),
			},
			Check: env.checkDestroyed(oldName), // the old name is gone from Xray
		}},
	})
}

func TestAccJiraIntegration_outOfBandDeleteIsRecreated(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() { env.fake.Remove(name) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name))},
		}},
	})
}

func TestAccJiraIntegration_outOfBandChangeIsReverted(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	want := env.integration(name)
	config := env.integrationConfig(want, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			PreConfig: func() {
				drifted := fakexray.JiraIntegration(want)
				drifted.JiraServerURL = "https://moved.example.com"
				drifted.SkipProxy = true
				env.fake.Put(drifted)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("jira_server_url"), knownvalue.StringExact(want.JiraServerURL)),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(want)},
		}},
	})
}

func TestAccJiraIntegration_import(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	config := env.integrationConfig(env.integration(name), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			// terraform import: every attribute Xray returns comes back; the password cannot.
			ResourceName:            resourceAddr,
			ImportState:             true,
			ImportStateId:           name,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"password"},
		}, {
			// An import {} block, planned with the configuration: everything Xray returns matches
			// it, and the one change is the password, which Xray never returns: the apply after
			// an import sends it once, in place.
			ResourceName:       resourceAddr,
			Config:             config,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithID,
			ImportStateId:      name,
			ExpectNonEmptyPlan: true,
			ImportPlanChecks: resource.ImportPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("jira_server_url"), knownvalue.StringExact(env.jira.url)),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("connection_name"), knownvalue.StringExact(name)),
				},
			},
		}},
	})
}

func TestAccJiraIntegration_importUnknownName(t *testing.T) {
	env := newTestEnv(t)
	name := randomName()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        env.integrationConfig(env.integration(name), ""),
			ResourceName:  resourceAddr,
			ImportState:   true,
			ImportStateId: "no-such-integration",
			ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
		}},
	})
}
