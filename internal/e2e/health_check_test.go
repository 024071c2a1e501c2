package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The health check pattern the docs recommend (the example file itself): a top-level status data
// source and a check block that only asserts on it. A healthy, unchanged configuration plans with exit code 0 (drift
// detection with -detailed-exitcode keeps working), and a faulty integration still warns.
func TestHealthCheckKeepsPlansClean(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), providerBlocks+`
resource "xray_jira_integration" "cloud" {
  connection_name     = "checked"
  username            = "bot@example.com"
  password            = "secret"
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}
`+readExample(t, "examples/resources/xray_jira_integration/check.tf"))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan of a healthy, unchanged configuration exited %d, want 0:\n%s", code, out)
	}
	fake.SetStatus("checked", fakexray.StatusFaultyConfiguration, "Jira answered 401: the API token was revoked")
	code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if code != 0 {
		t.Errorf("plan with a faulty integration exited %d, want 0 (a warning, no changes):\n%s", code, out)
	}
	for _, want := range []string{"Warning: Check block assertion failed", "Xray cannot reach Jira through checked: FAULTY_CONFIGURATION Jira answered 401"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) { // Terraform wraps long lines
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

// readExample returns an example file of the repository, so tests check the HCL the docs show.
func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
