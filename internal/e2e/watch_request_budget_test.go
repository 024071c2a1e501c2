package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

func watchTicketingConfig(prefix string, n int, profile string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    xray = { source = "platformkit/xray" }
  }
}

provider "xray" {}

resource "xray_watch_jira_ticketing" "many" {
  count          = %d
  watch_name     = "%s-${count.index}"
  ticket_profile = %q
}
`, n, prefix, profile)
}

// The request budget of xray_watch_jira_ticketing, per resource: a plan sends one GET of the
// watch (the plan-time check of a create, or the refresh of an existing one); a change sends
// one GET and one PUT more; an apply of a create plans it twice, and the second plan sends its
// GET again unless the CLI hands it the first plan's private data (Terraform 1.16 and later).
// Nothing else is sent: no list, no version, no route discovery. BENCHMARKS.md quotes these.
func TestWatchTicketingRequestsPerPhase(t *testing.T) {
	const n = 3
	createGETs := 3 * n
	if replanSeesPlan(t) {
		createGETs = 2 * n
	}
	fake := fakexray.NewTestServer(t)
	for i := range n {
		body := fmt.Sprintf(`{"general_data": {"name": "budget-%d"}, "assigned_policies": [{"name": "p", "type": "security"}]}`, i)
		if err := fake.PutWatch("", json.RawMessage(body)); err != nil {
			t.Fatal(err)
		}
	}
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), watchTicketingConfig("budget", n, "team-a"))
	get, put := fakexray.PatternWatchRead, fakexray.PatternWatchUpdate
	phases := []struct {
		name   string
		config string // "" keeps the configuration
		args   []string
		want   map[string]int
	}{
		{"plan, N new", "", []string{"plan", "-input=false"}, map[string]int{get: n}},
		{"apply, N new", "", []string{"apply", "-auto-approve", "-input=false"}, map[string]int{get: createGETs, put: n}},
		{"plan, N unchanged", "", []string{"plan", "-input=false", "-detailed-exitcode"}, map[string]int{get: n}},
		{"apply, N changed", watchTicketingConfig("budget", n, "team-b"), []string{"apply", "-auto-approve", "-input=false"}, map[string]int{get: 2 * n, put: n}},
		{"destroy", "", []string{"destroy", "-auto-approve", "-input=false"}, map[string]int{get: 2 * n, put: n}},
	}
	for _, phase := range phases {
		if phase.config != "" {
			ws.setConfig(phase.config)
		}
		fake.ResetRequests()
		ws.mustRun(append(phase.args, "-no-color")...)
		got := map[string]int{}
		for _, r := range fake.Requests() {
			pattern := r.Pattern
			if !strings.HasPrefix(pattern, r.Method+" ") {
				pattern = r.Method + " " + pattern
			}
			got[pattern]++
		}
		t.Logf("%-18s %v", phase.name, got)
		for k, count := range got {
			if count != phase.want[k] {
				t.Errorf("%s sent %d %q requests, want %d", phase.name, count, k, phase.want[k])
			}
		}
		for k, want := range phase.want {
			if got[k] == 0 && want > 0 {
				t.Errorf("%s sent no %q request, want %d", phase.name, k, want)
			}
		}
	}
	for i := range n {
		fields, ok := fake.WatchFields("", fmt.Sprintf("budget-%d", i))
		if !ok || string(fields["create_ticket_enabled"]) != "false" {
			t.Errorf("watch budget-%d after destroy: %v (want it kept, ticketing off)", i, fields)
		}
	}
}
