package e2e

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// Ctrl-C in the middle of an apply, while creates are in flight and others are backing off after
// a lost answer (stored by Xray, then a 503): when terraform has exited, every integration on the
// server is in state and nothing in state is missing from the server. A second apply finishes
// the rest without conflicts.
func TestInterruptedApplyKeepsStateAndServerInStep(t *testing.T) {
	fake := fakexray.NewTestServer(t, fakexray.WithSeed(7))
	fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Probability: 0.3, StoreThenFail: true, Status: http.StatusServiceUnavailable})
	fake.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Latency: 400 * time.Millisecond})
	const n = 40
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("interrupted", n))

	apply, out := ws.command("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=8")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once creates are under way: some answered, some in flight, some backing off.
	deadline := time.Now().Add(30 * time.Second)
	for len(fake.Integrations()) < 8 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = apply.Wait() // an interrupted apply exits non-zero
	t.Logf("interrupted apply output:\n%s", out)

	inState := ws.stateNames()
	onServer := map[string]bool{}
	for _, in := range fake.Integrations() {
		onServer[in.ConnectionName] = true
	}
	if len(onServer) == 0 || len(onServer) == n {
		t.Fatalf("the interrupt came too early or too late to test anything: %d of %d created", len(onServer), n)
	}
	if missing := difference(onServer, inState); len(missing) > 0 {
		t.Errorf("on the server but not in state (orphans): %v", missing)
	}
	if missing := difference(inState, onServer); len(missing) > 0 {
		t.Errorf("in state but not on the server: %v", missing)
	}

	// The next apply creates exactly the rest.
	fake.ClearFaults()
	again, out := ws.command("apply", "-auto-approve", "-input=false", "-no-color")
	if err := again.Run(); err != nil {
		t.Fatalf("the apply after the interrupt failed: %v\n%s", err, out)
	}
	if got := len(fake.Integrations()); got != n {
		t.Errorf("after the second apply the server holds %d integrations, want %d", got, n)
	}
}

func difference(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// manyIntegrationsConfig declares n integrations named prefix-0 … prefix-(n-1).
func manyIntegrationsConfig(prefix string, n int) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    xray = { source = "platformkit/xray" }
  }
}

provider "xray" {}

resource "xray_jira_integration" "many" {
  count             = %d
  connection_name   = "%s-${count.index}"
  username          = "bot@example.com"
  password          = "secret"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
`, n, prefix)
}
