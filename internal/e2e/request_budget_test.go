package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The plan-time check of new integrations has a budget: one GET each time Terraform plans a
// create (the plan, and the apply's own re-plan), plus, once per provider process, the GET on
// the other read route that tells which route flavour the server has (a not-found is only
// believed from a route known to exist). Resources that exist, refresh-only plans and destroys
// make no extra request: one per resource per phase. The server is the live-server style: the
// observed routes, Go's router. BENCHMARKS.md quotes these counts.
func TestRequestsPerPhase(t *testing.T) {
	const n = 5
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourObserved))
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("budget", n))
	phases := []struct {
		name string
		args []string
		want map[string]int
	}{
		{"plan, N new", []string{"plan", "-input=false"}, map[string]int{http.MethodGet: n + 1}},
		{"apply, N new", []string{"apply", "-auto-approve", "-input=false"}, map[string]int{http.MethodGet: 2 * (n + 1), http.MethodPost: n}},
		{"plan, N unchanged", []string{"plan", "-input=false"}, map[string]int{http.MethodGet: n}},
		{"refresh-only plan", []string{"plan", "-refresh-only", "-input=false"}, map[string]int{http.MethodGet: n}},
		{"destroy", []string{"destroy", "-auto-approve", "-input=false"}, map[string]int{http.MethodGet: n, http.MethodDelete: n}},
	}
	for _, phase := range phases {
		fake.ResetRequests()
		ws.mustRun(append(phase.args, "-no-color")...)
		got := map[string]int{}
		for _, r := range fake.Requests() {
			got[r.Method]++
		}
		t.Logf("%-18s %v", phase.name, got)
		if fmt.Sprint(got) != fmt.Sprint(phase.want) {
			t.Errorf("%s sent %v, want %v", phase.name, got, phase.want)
		}
	}
}
