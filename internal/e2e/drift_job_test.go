package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The drift command the GitOps guide recommends, run on the README's example (the resource, the
// status data source and the check block): it exits 0 when nothing drifted, run after run, and 2
// once the integration was changed in Xray behind Terraform's back. A refresh-only plan would
// exit 2 every time here (Terraform 1.16 for any data source, 1.11 for checked_at), which is why
// the guide names a plain plan.
func TestDriftJobExitCodes(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), readmeExample(t))
	ws.setenv("TF_VAR_jira_api_token=jira-secret")
	drift := guideDriftCommand(t)

	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	for run := 1; run <= 2; run++ { // the second run reads a new checked_at
		if code, out := ws.run(drift...); code != 0 {
			t.Fatalf("run %d of the drift job with nothing drifted: terraform %s exited %d, want 0:\n%s",
				run, strings.Join(drift, " "), code, out)
		}
	}

	changed, ok := fake.Integration("cloudProjectABC")
	if !ok {
		t.Fatal("the apply did not create cloudProjectABC in the fake")
	}
	changed.JiraServerURL = "https://elsewhere.atlassian.net" // as if edited in Xray's UI
	fake.Put(changed)
	code, out := ws.run(drift...)
	if code != 2 {
		t.Fatalf("drift job after the integration changed in Xray exited %d, want 2:\n%s", code, out)
	}
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "https://elsewhere.atlassian.net") {
		t.Errorf("the drift job's plan does not show what changed in Xray:\n%s", out)
	}
}

// guideDriftCommand is the drift job's command from the GitOps guide, as terraform arguments,
// with -no-color for the test's output.
func guideDriftCommand(t *testing.T) []string {
	t.Helper()
	line := regexp.MustCompile(`(?m)^terraform plan -detailed-exitcode.*$`).FindString(readExample(t, "docs/guides/gitops.md"))
	if line == "" {
		t.Fatal("docs/guides/gitops.md names no drift command (a line starting `terraform plan -detailed-exitcode`)")
	}
	return append(strings.Fields(line)[1:], "-no-color")
}

// readmeExample is the README's usage example (its first hcl block), for this CLI.
func readmeExample(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindStringSubmatch(readExample(t, "README.md"))
	if m == nil {
		t.Fatal("README.md has no hcl example")
	}
	return forThisCLI(t, m[1])
}

// forThisCLI returns an example's configuration as this CLI can run it: on CLIs without
// write-only arguments or ephemeral variables (OpenTofu before 1.11) the token goes to password
// instead, as the resource's docs say for those CLIs.
func forThisCLI(t *testing.T, config string) string {
	t.Helper()
	if _, have := cliRelease(t); have.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		config = regexp.MustCompile(`(?m)^\s*ephemeral\s*=\s*true\n|^\s*password_wo_version\s*=.*\n`).ReplaceAllString(config, "")
		config = regexp.MustCompile(`(?m)^(\s*)password_wo(\s*)=`).ReplaceAllString(config, "${1}password   $2=")
	}
	return config
}
