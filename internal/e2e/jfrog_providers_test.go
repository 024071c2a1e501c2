package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/jfrogstandin"
)

// jfrogDir holds the guide "Using this provider with JFrog's providers"'s example files.
const jfrogDir = "examples/guides/jfrog-providers/"

// standinWatch is a jfrog/xray resource for the stand-in: it has no provider argument, as in a
// JFrog shop's configuration, and so belongs to the provider with the local name xray.
const standinWatch = `
resource "xray_watch" "security" {
  name = "security-watch"
}
`

// The guide's example beside a second provider of type xray under another source address (the
// stand-in for jfrog/xray, which keeps the local name xray): init, apply, a clean plan, import
// by block with generated configuration, moving an integration out of the state and back in by
// import with no create, update or delete in Xray, and destroy; each provider's objects stay
// with it in the state. Then the same resource without provider = xrayjira goes to the stand-in.
func TestBesideJFrogXray(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newTwoProviderWorkspace(t, fake.URL(), fake.AdminToken())
	ws.setenv("TF_VAR_jira_api_token=jira-secret")
	main := forThisCLI(t, strings.Replace(readExample(t, jfrogDir+"main.tf"),
		`source = "jfrog/xray"`, `source = "`+jfrogstandin.Address+`"`, 1))
	header := main[:strings.Index(main, `variable "jira_api_token"`)]
	files := map[string]string{"main.tf": main, "jfrog.tf": standinWatch}
	if terraformFrom(t, "1.14.0") {
		files["action.tf"] = readExample(t, jfrogDir+"action.tf")
	}

	// Before jfrog/xray arrived: this provider alone, under the local name xray.
	alone := regexp.MustCompile(`(?s)variable "jira_api_token" \{.*?\n\}\n|resource "xray_jira_integration" "security" \{.*?\n\}\n`).FindAllString(main, -1)
	ws.setFiles(map[string]string{"main.tf": providerBlocks + strings.ReplaceAll(strings.Join(alone, "\n"), "  provider = xrayjira\n", "")})
	ws.mustRun("init", "-input=false", "-no-color")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")

	// Now beside the stand-in, as xrayjira: the state's integration stays as it is.
	ws.setFiles(files)
	ws.mustRun("init", "-input=false", "-no-color")
	if out := ws.mustRun("plan", "-input=false", "-no-color"); !strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy.") {
		t.Errorf("after the local name became xrayjira the plan does more than add the watch:\n%s", out)
	}
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if got, ok := fake.Integration("security-findings"); !ok || got.Password != "jira-secret" {
		t.Fatalf("after apply Xray holds %+v (stored: %v), want security-findings with the token", got, ok)
	}
	if _, ok := fake.Watch("", "security-watch"); !ok {
		t.Fatal("after apply Xray has no security-watch: the stand-in did not create it")
	}
	ws.wantCleanPlan("after apply")
	ws.wantProviders(map[string]string{"xray_jira_integration.security": "platformkit/xray",
		"data.xray_jira_integration_status.security": "platformkit/xray", "xray_watch.security": jfrogstandin.Address})
	if files["action.tf"] != "" {
		ws.mustRun("apply", "-invoke=action.xray_jira_integration_check.security", "-auto-approve", "-input=false", "-no-color")
	}

	// Adopt one made in the UI: the import block and the generated resource name the provider.
	fake.Put(uiMade("made-in-the-ui", "basic"))
	files["import.tf"] = readExample(t, jfrogDir+"import.tf")
	ws.setFiles(files)
	ws.mustRun("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(ws.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// What the guide says to do with it: the resource block gets provider = xrayjira (Terraform
	// 1.16 writes it; Terraform 1.11 and OpenTofu do not), and the import block loses its
	// provider, which Terraform 1.11 allows only while generating.
	hasProvider := regexp.MustCompile(`(?m)^\s*provider\s*=\s*xrayjira\s*$`).Match(generated)
	if terraformFrom(t, "1.16.0") && !hasProvider {
		t.Errorf("Terraform 1.16's generated.tf does not say provider = xrayjira:\n%s", generated)
	}
	if !hasProvider {
		generated = []byte(strings.Replace(string(generated), `resource "xray_jira_integration" "legacy" {`,
			"resource \"xray_jira_integration\" \"legacy\" {\n  provider = xrayjira\n", 1))
		writeFile(t, filepath.Join(ws.dir, "generated.tf"), string(generated))
	}
	files["import.tf"] = strings.Replace(files["import.tf"], "  provider = xrayjira\n", "", 1)
	ws.setFiles(files)
	if out := ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "1 imported") {
		t.Errorf("the apply did not import made-in-the-ui:\n%s", out)
	}
	ws.wantCleanPlan("after the import")
	ws.wantProviders(map[string]string{"xray_jira_integration.legacy": "platformkit/xray"})

	// Move security-findings: a removed block keeps it in Xray, then an import block takes it.
	delete(files, "main.tf")
	delete(files, "action.tf")
	files["providers.tf"] = header
	files["removed.tf"] = readExample(t, jfrogDir+"removed.tf")
	ws.setFiles(files)
	fake.ResetRequests()
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	delete(files, "removed.tf")
	files["moved-import.tf"] = readExample(t, jfrogDir+"moved-import.tf")
	ws.setFiles(files)
	if out := ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "1 imported") {
		t.Errorf("the apply did not import security-findings again:\n%s", out)
	}
	counts := fake.RequestCounts()
	for _, write := range []string{fakexray.PatternCreate, fakexray.PatternUpdateByName, fakexray.PatternUpdateByBody, fakexray.PatternDelete} {
		if counts[write] != 0 {
			t.Errorf("moving security-findings sent %d× %s, want none (counts: %v)", counts[write], write, counts)
		}
	}
	if got, _ := fake.Integration("security-findings"); got.Password != "jira-secret" {
		t.Errorf("after the move Xray holds %+v, want it untouched", got)
	}
	ws.wantCleanPlan("after the move")
	ws.wantProviders(map[string]string{"xray_jira_integration.findings": "platformkit/xray"})

	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if left := fake.Integrations(); len(left) != 0 {
		t.Errorf("after destroy Xray still holds %+v", left)
	}
	if _, ok := fake.Watch("", "security-watch"); ok {
		t.Error("after destroy Xray still has security-watch")
	}

	// Forgotten provider = xrayjira: Terraform gives the resource to the provider named xray.
	ws.setFiles(map[string]string{"providers.tf": header, "forgot.tf": `
resource "xray_jira_integration" "forgot" {
  connection_name   = "forgot"
  username          = "xray-bot@example.com"
  installation_type = "cloud"
  jira_server_url   = "https://example.atlassian.net"
}
`})
	code, out := ws.run("plan", "-input=false", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code != 1 || !strings.Contains(flat, jfrogstandin.Address) || !strings.Contains(flat, "xray_jira_integration") {
		t.Errorf("plan of xray_jira_integration without provider = exited %d, want 1 naming %s:\n%s", code, jfrogstandin.Address, out)
	}
	t.Logf("without provider = xrayjira:\n%s", out)
}

// newTwoProviderWorkspace is a workspace whose CLI configuration installs both providers from
// a filesystem mirror, so that init runs as in a user's folder: this provider as
// platformkit/xray 0.1.0 (under the registry host of this CLI) and the jfrog/xray stand-in
// under its own address. Each binary is named terraform-provider-xray: both have the type xray.
func newTwoProviderWorkspace(t *testing.T, xrayURL, token string) *workspace {
	t.Helper()
	ws := newWorkspace(t, xrayURL, token, "")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	mirror := filepath.Join(ws.dir, "mirror")
	ours := filepath.Join(mirror, registryHost(t, ws.terraform, ws.env), "platformkit", "xray", "0.1.0", platform)
	standin := filepath.Join(mirror, filepath.FromSlash(jfrogstandin.Address), "1.0.0", platform)
	for dir, pkg := range map[string]string{ours: ".", standin: "./internal/jfrogstandin/cmd/terraform-provider-jfrogstandin"} {
		build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-xray"), pkg)
		build.Dir = repoRoot(t)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, out)
		}
	}
	writeFile(t, filepath.Join(ws.dir, "dev.tfrc"), fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror))
	if err := os.Remove(filepath.Join(ws.dir, "main.tf")); err != nil {
		t.Fatal(err)
	}
	return ws
}

// setFiles makes the workspace's .tf files exactly these (generated.tf, once written, stays).
func (w *workspace) setFiles(files map[string]string) {
	w.t.Helper()
	old, _ := filepath.Glob(filepath.Join(w.dir, "*.tf"))
	for _, f := range old {
		if filepath.Base(f) != "generated.tf" {
			_ = os.Remove(f)
		}
	}
	for name, content := range files {
		writeFile(w.t, filepath.Join(w.dir, name), content)
	}
}

func (w *workspace) wantCleanPlan(when string) {
	w.t.Helper()
	if code, out := w.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		w.t.Errorf("plan %s exited %d, want 0 (no changes):\n%s", when, code, out)
	}
}

// wantProviders checks which provider the state records for each address: a provider address
// ending in the given source (platformkit/xray, or the stand-in's).
func (w *workspace) wantProviders(want map[string]string) {
	w.t.Helper()
	cmd, out := w.command("show", "-json")
	if err := cmd.Run(); err != nil {
		w.t.Fatalf("show -json: %v\n%s", err, out)
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address      string `json:"address"`
					ProviderName string `json:"provider_name"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out.Bytes(), &state); err != nil {
		w.t.Fatalf("decoding show -json: %v", err)
	}
	got := map[string]string{}
	for _, r := range state.Values.RootModule.Resources {
		got[r.Address] = r.ProviderName
	}
	for address, source := range want {
		if !strings.HasSuffix(got[address], source) {
			w.t.Errorf("the state gives %s to provider %q, want one ending in %s (state: %v)", address, got[address], source, got)
		}
	}
}
