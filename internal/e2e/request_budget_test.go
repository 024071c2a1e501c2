package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// serverShapes are every shape the fake can play: each path style, served alone or both, under
// each way of answering a route the server lacks.
func serverShapes() []struct {
	flavour fakexray.Flavour
	router  fakexray.RouterStyle
} {
	var shapes []struct {
		flavour fakexray.Flavour
		router  fakexray.RouterStyle
	}
	for _, f := range []fakexray.Flavour{fakexray.FlavourObserved, fakexray.FlavourDocumented, fakexray.FlavourBoth} {
		for _, r := range fakexray.RouterStyles {
			shapes = append(shapes, struct {
				flavour fakexray.Flavour
				router  fakexray.RouterStyle
			}{f, r})
		}
	}
	return shapes
}

// The request budget holds on every server shape, not only the live server's. For N resources:
// a plan of N new integrations makes at most N+2 GETs (one check each, and once per provider
// process the other route and the version that settle the route style); an apply of N new makes
// N POSTs and at most 2N+4 GETs (Terraform plans each create again in the apply); an unchanged
// plan, a refresh-only plan and a destroy at most N+2 GETs, and a destroy N DELETEs. Nothing
// else is sent. BENCHMARKS.md quotes these counts.
//
// Before the route style was remembered whatever the answers, a server that serves both styles
// cost two GETs per check (4N+2 in an apply).
func TestRequestsPerPhase(t *testing.T) {
	const n = 5
	for _, shape := range serverShapes() {
		t.Run(fmt.Sprintf("%s/%s", shape.flavour, shape.router), func(t *testing.T) {
			t.Parallel()
			fake := fakexray.NewTestServer(t, fakexray.WithFlavour(shape.flavour), fakexray.WithRouterStyle(shape.router))
			ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("budget", n))
			phases := []struct {
				name string
				args []string
				max  map[string]int // at most this many of each method
				want map[string]int // exactly this many
			}{
				{"plan, N new", []string{"plan", "-input=false"}, map[string]int{http.MethodGet: n + 2}, nil},
				{"apply, N new", []string{"apply", "-auto-approve", "-input=false"}, map[string]int{http.MethodGet: 2*n + 4}, map[string]int{http.MethodPost: n}},
				{"plan, N unchanged", []string{"plan", "-input=false", "-detailed-exitcode"}, map[string]int{http.MethodGet: n + 2}, nil},
				{"refresh-only plan", []string{"plan", "-refresh-only", "-input=false"}, map[string]int{http.MethodGet: n + 2}, nil},
				{"destroy", []string{"destroy", "-auto-approve", "-input=false"}, map[string]int{http.MethodGet: n + 2}, map[string]int{http.MethodDelete: n}},
			}
			for _, phase := range phases {
				fake.ResetRequests()
				ws.mustRun(append(phase.args, "-no-color")...)
				got := map[string]int{}
				for _, r := range fake.Requests() {
					got[r.Method]++
				}
				t.Logf("%-18s %v", phase.name, got)
				for method, count := range got {
					limit, capped := phase.max[method]
					exact, counted := phase.want[method]
					switch {
					case capped && count > limit:
						t.Errorf("%s sent %d %s requests, want at most %d", phase.name, count, method, limit)
					case counted && count != exact:
						t.Errorf("%s sent %d %s requests, want %d", phase.name, count, method, exact)
					case !capped && !counted:
						t.Errorf("%s sent %d unexpected %s requests", phase.name, count, method)
					}
				}
				for method, exact := range phase.want {
					if got[method] == 0 && exact > 0 {
						t.Errorf("%s sent no %s request, want %d", phase.name, method, exact)
					}
				}
			}
			if left := len(fake.Integrations()); left != 0 {
				t.Errorf("%d integrations left after destroy", left)
			}
		})
	}
}
