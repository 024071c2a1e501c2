package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// writeOnlyConfig renders an integration whose password is the write-only password_wo.
func (e *testEnv) writeOnlyConfig(in xray.JiraIntegration, version int) string {
	return e.providerConfig() + fmt.Sprintf(`
resource "xray_jira_integration" "test" {
  connection_name     = %q
  username            = %q
  password_wo         = %q
  password_wo_version = %d
  installation_type   = %q
  jira_server_url     = %q
}
`, in.ConnectionName, in.Username, in.Password, version, in.InstallationType, in.JiraServerURL)
}

// The write-only password reaches Xray on create and on a version bump, never otherwise, and
// never the state or a saved plan.
func TestAccJiraIntegration_writeOnlyPassword(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	first := env.integration(name)
	first.Password = "first-write-only-secret"
	second := first
	second.Password = "second-write-only-secret"
	third := first
	third.Password = "third-write-only-secret"

	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(writeOnlyCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.writeOnlyConfig(first, 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{noSecretInPlan(first.Password)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("password"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1)),
				noSecretInState(first.Password),
				env.expectStored(first), // Xray received the write-only value
			},
		}, {
			// Rotation: a new value with a new version is one in-place PUT carrying it.
			PreConfig: env.fake.ResetRequests,
			Config:    env.writeOnlyConfig(second, 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					noSecretInPlan(second.Password),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				noSecretInState(second.Password),
				env.expectStored(second),
				env.expectPuts(1, second.Password),
			},
		}, {
			// A new value alone, with the same version, is invisible to Terraform: no change,
			// no request, and Xray keeps the second password. The docs say so.
			PreConfig: env.fake.ResetRequests,
			Config:    env.writeOnlyConfig(third, 2),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(second), env.expectPuts(0, "")},
		}, {
			// Another attribute changes: the update leaves the password out, and Xray keeps it.
			PreConfig: env.fake.ResetRequests,
			Config:    env.writeOnlyConfig(withUsername(third, "robot@example.com"), 2),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(withPassword(withUsername(second, "robot@example.com"), second.Password)),
				env.expectPuts(1, ""),
			},
		}},
	})
}

// Switching from password to password_wo drops the secret from state and sends the new one.
func TestAccJiraIntegration_switchToWriteOnly(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	stored := env.integration(name)
	writeOnly := withPassword(stored, "now-write-only")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(writeOnlyCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config:            env.integrationConfig(stored, ""),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(stored)},
		}, {
			Config: env.writeOnlyConfig(writeOnly, 1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("password"), knownvalue.Null()),
				noSecretInState(stored.Password),
				env.expectStored(writeOnly),
			},
		}},
	})
}

// On a CLI without write-only support, password_wo is a clear error, not a silent drop.
func TestAccJiraIntegration_writeOnlyNeedsNewCLI(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipAbove(lastWithoutWriteOnly)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.writeOnlyConfig(env.integration(randomName()), 1),
			ExpectError: expectError("password_wo needs a newer Terraform", "Terraform 1.11 or OpenTofu 1.11 or later", "or set password instead"),
		}},
	})
}

// lastWithoutWriteOnly is above every CLI release without write-only arguments (Terraform and
// OpenTofu 1.10.x) and below 1.11.0.
var lastWithoutWriteOnly = version.Must(version.NewVersion("1.10.999"))

func withUsername(in xray.JiraIntegration, username string) xray.JiraIntegration {
	in.Username = username
	return in
}

func withPassword(in xray.JiraIntegration, password string) xray.JiraIntegration {
	in.Password = password
	return in
}

// expectPuts checks how many updates Xray received since the last ResetRequests, and that
// each carried the given password ("" means: without any password field).
func (e *testEnv) expectPuts(count int, password string) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		var puts []string
		for _, r := range e.fake.Requests() {
			if r.Method == http.MethodPut {
				puts = append(puts, r.Body)
			}
		}
		if len(puts) != count {
			return fmt.Errorf("Xray received %d updates, want %d", len(puts), count)
		}
		for _, body := range puts {
			var fields map[string]any
			if err := json.Unmarshal([]byte(body), &fields); err != nil {
				return fmt.Errorf("update body is not JSON: %w", err)
			}
			got, sent := fields["password"]
			switch {
			case password == "" && sent:
				return fmt.Errorf("the update sent a password, want none")
			case password != "" && got != password:
				return fmt.Errorf("the update did not carry the rotated password")
			}
		}
		return nil
	})
}

type stateCheckFunc func() error

func (f stateCheckFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// noSecretInState fails when the secret appears anywhere in the state, as Terraform shows it.
func noSecretInState(secret string) statecheck.StateCheck {
	return secretCheck{secret: secret}
}

// noSecretInPlan fails when the secret appears anywhere in the saved plan's JSON.
func noSecretInPlan(secret string) plancheck.PlanCheck {
	return secretCheck{secret: secret}
}

type secretCheck struct{ secret string }

func (c secretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.absent("state", req.State)
}

// CheckPlan looks at every value the plan holds. The plan's "configuration" section is left
// out: it echoes the test's HCL, where the secret is a literal; in real use it comes from an
// ephemeral variable, which that section never holds.
func (c secretCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	plan := *req.Plan
	plan.Config = nil
	resp.Error = c.absent("plan", plan)
}

func (c secretCheck) absent(what string, doc any) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encoding the %s: %w", what, err)
	}
	if len(b) < 100 {
		return fmt.Errorf("the %s is suspiciously small (%d bytes): nothing was checked", what, len(b))
	}
	if strings.Contains(string(b), c.secret) {
		return fmt.Errorf("the %s contains the secret", what)
	}
	return nil
}
