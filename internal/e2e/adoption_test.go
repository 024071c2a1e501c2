package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

const providerBlocks = `
terraform {
  required_providers {
    xray = { source = "platformkit/xray" }
  }
}

provider "xray" {}
`

// uiMade is an integration somebody made in the Xray UI.
func uiMade(name, authType string) fakexray.JiraIntegration {
	return fakexray.JiraIntegration{ConnectionName: name, AuthType: authType, Username: "ui-admin@example.com",
		Password: "set-in-the-ui", InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"}
}

// assertFailedApplyChangedNothing checks what a refused create must leave: Xray's integration as
// it was, and nothing in the state.
func assertFailedApplyChangedNothing(t *testing.T, ws *workspace, fake *fakexray.Server, existing fakexray.JiraIntegration) {
	t.Helper()
	if got, _ := fake.Integration(existing.ConnectionName); got != existing {
		t.Errorf("the failed apply changed Xray's integration: %+v", got)
	}
	if len(ws.stateNames()) != 0 {
		t.Errorf("the failed apply left the integration in the state")
	}
}

// run runs terraform and returns its exit code and output; a failure to start fails the test.
func (w *workspace) run(args ...string) (int, string) {
	w.t.Helper()
	cmd, out := w.command(args...)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	w.t.Fatalf("terraform %v: %v", args, err)
	return 0, ""
}

func (w *workspace) mustRun(args ...string) string {
	w.t.Helper()
	code, out := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

func (w *workspace) setConfig(config string) {
	w.t.Helper()
	writeFile(w.t, filepath.Join(w.dir, "main.tf"), config)
}

// The adoption path a new user takes: HCL for an integration that already exists in Xray warns
// at plan with the import block to paste (the provider cannot tell a new resource from the
// replacement of a tainted one, which Terraform plans alike); applying without it fails with the
// same block and changes nothing in Xray; pasting it imports; the next plan is empty, and Xray's
// password was never touched.
func TestAdoptAnExistingIntegration(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	existing := uiMade("made-in-the-ui", "basic")
	fake.Put(existing)
	resourceBlock := fmt.Sprintf(`
resource "xray_jira_integration" "adopted" {
  connection_name   = %q
  username          = %q
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
`, existing.ConnectionName, existing.Username)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), providerBlocks+resourceBlock)

	importBlock := fmt.Sprintf("import {\n  to = xray_jira_integration.NAME\n  id = %q\n}", existing.ConnectionName)
	code, out := ws.run("plan", "-input=false", "-no-color")
	if code != 0 {
		t.Fatalf("plan for a name Xray already has exited %d, want 0 with a warning:\n%s", code, out)
	}
	for _, want := range []string{"Warning: Jira integration may already exist in Xray", "xray_jira_integration.adopted", importBlock} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Missing Jira password") {
		t.Errorf("the plan asks for a password, although the fix is an import:\n%s", out)
	}

	code, out = ws.run("apply", "-auto-approve", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("apply of a name Xray already has succeeded:\n%s", out)
	}
	for _, want := range []string{"Unable to create Jira integration", "already has an integration named", importBlock} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	assertFailedApplyChangedNothing(t, ws, fake, existing)

	// Paste the block, with the address the warning shows.
	pasted := strings.Replace(importBlock, "xray_jira_integration.NAME", "xray_jira_integration.adopted", 1)
	ws.setConfig(providerBlocks + resourceBlock + pasted + "\n")
	out = ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 imported") {
		t.Errorf("the apply did not import:\n%s", out)
	}
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after adoption exited %d, want 0 (no changes):\n%s", code, out)
	}
	if got, _ := fake.Integration(existing.ConnectionName); got.Password != existing.Password {
		t.Errorf("adoption changed Xray's password")
	}
}

// A name Xray gained between a plan and its apply: the plan found it free. Where the CLI hands the
// apply's second plan that finding (Terraform 1.16 and later), the provider does not ask Xray
// again, so the create is the apply's first request; on every CLI the create then fails with the
// import block, changes nothing in Xray and leaves nothing in the state.
func TestNameTakenBetweenPlanAndApply(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("late", 1))
	ws.mustRun("plan", "-input=false", "-no-color", "-out=tfplan")
	existing := uiMade("late-0", "basic")
	fake.Put(existing)
	fake.ResetRequests()

	code, out := ws.run("apply", "-input=false", "-no-color", "tfplan")
	if code == 0 {
		t.Fatalf("the apply created a name Xray gained after the plan:\n%s", out)
	}
	importBlock := fmt.Sprintf("import {\n  to = xray_jira_integration.NAME\n  id = %q\n}", existing.ConnectionName)
	if !strings.Contains(out, importBlock) {
		t.Errorf("apply output lacks the import block:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ") // Terraform wraps long lines
	for _, want := range []string{`Unable to create Jira integration "late-0"`, `already has an integration named "late-0"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	assertFailedApplyChangedNothing(t, ws, fake, existing)
	if reqs := fake.Requests(); replanSeesPlan(t) && (len(reqs) == 0 || reqs[0].Method != http.MethodPost) {
		t.Errorf("the apply's second plan asked Xray again, although the plan had found the name free: requests %+v", reqs)
	}
}

// terraform apply -replace and a tainted integration plan and apply: the create half of the
// replacement is not taken for a conflict with the integration it replaces. Before, both failed
// at plan with "already exists in Xray … import it".
func TestReplaceAndTaint(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("replaced", 2))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	out := ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color", "-replace=xray_jira_integration.many[0]")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Errorf("apply -replace did not replace one integration:\n%s", out)
	}
	ws.mustRun("taint", "xray_jira_integration.many[1]")
	code, out := ws.run("plan", "-input=false", "-no-color")
	if code != 0 || !strings.Contains(out, "must be replaced") {
		t.Errorf("plan of a tainted integration exited %d, want 0 with a replacement:\n%s", code, out)
	}
	out = ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Errorf("apply of a tainted integration did not replace it:\n%s", out)
	}
	assertServerMatchesState(t, ws, fake)
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after the replacements exited %d, want 0:\n%s", code, out)
	}
}

// terraform plan -generate-config-out writes a configuration that validates and applies as it
// is, for a basic integration and for an OAuth one made in the UI; the next plan is empty.
func TestGeneratedConfigWorksUnedited(t *testing.T) {
	for _, authType := range []string{"basic", "oauth2"} {
		t.Run(authType, func(t *testing.T) {
			fake := fakexray.NewTestServer(t)
			existing := uiMade("generated-"+authType, authType)
			fake.Put(existing)
			ws := newWorkspace(t, fake.URL(), fake.AdminToken(), providerBlocks+fmt.Sprintf(`
import {
  to = xray_jira_integration.adopted
  id = %q
}
`, existing.ConnectionName))
			ws.mustRun("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
			generated, err := os.ReadFile(filepath.Join(ws.dir, "generated.tf"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("generated.tf:\n%s", generated)
			ws.mustRun("validate", "-no-color")
			ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
			if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
				t.Errorf("plan after applying the generated config exited %d, want 0:\n%s", code, out)
			}
			if got, _ := fake.Integration(existing.ConnectionName); got != existing {
				t.Errorf("Xray now holds %+v, want it untouched: %+v", got, existing)
			}
		})
	}
}

// The guide's advice for an OAuth integration made in the UI (the example file itself): import
// it, and no plan proposes to change it, even after its settings change in the UI.
func TestOAuthAdviceKeepsXraysSettings(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	existing := fakexray.JiraIntegration{ConnectionName: "oauthProject", AuthType: "oauth2", Username: "jira-app@example.com",
		InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"}
	fake.Put(existing)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), providerBlocks+readExample(t, "examples/guides/adopting/oauth.tf")+`
import {
  to = xray_jira_integration.oauth
  id = "oauthProject"
}
`)
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after importing the OAuth integration exited %d, want 0:\n%s", code, out)
	}
	changed := existing
	changed.Username = "renamed-in-the-ui@example.com"
	changed.SkipProxy = true
	fake.Put(changed)
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after a change in the UI exited %d, want 0:\n%s", code, out)
	}
	if got, _ := fake.Integration("oauthProject"); got != changed {
		t.Errorf("Xray now holds %+v, want the UI's settings %+v", got, changed)
	}
}
