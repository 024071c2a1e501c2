package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
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
// N POSTs and at most 2N+6 GETs (Terraform plans each create again in the apply, and where no
// route was proven one create reads its integration on both routes to prove it), or N+4 where the
// CLI hands that second plan the first one's private data (Terraform 1.16 and later), so the
// check runs once per create; an unchanged plan, a refresh-only plan and a destroy at most N+2
// GETs, and a destroy N DELETEs. Nothing else is sent. BENCHMARKS.md quotes these counts.
//
// Before the route style was remembered whatever the answers, a server that serves both styles
// cost two GETs per check (4N+2 in an apply). Before the second plan read the first one's private
// data, an apply with Terraform 1.16 made 2N+2 GETs or more.
func TestRequestsPerPhase(t *testing.T) {
	const n = 5
	applyGETs := 2*n + 6
	if replanSeesPlan(t) {
		applyGETs = n + 4
	}
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
				{"apply, N new", []string{"apply", "-auto-approve", "-input=false"}, map[string]int{http.MethodGet: applyGETs}, map[string]int{http.MethodPost: n}},
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

// statePrivate returns each xray_jira_integration instance's private data in the local state, as
// the provider's keys and their JSON values.
func statePrivate(t *testing.T, ws *workspace) []map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(ws.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Private []byte `json:"private"` // base64 in the file
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatalf("decoding terraform.tfstate: %v", err)
	}
	var out []map[string]string
	for _, r := range state.Resources {
		for _, inst := range r.Instances {
			if r.Type != "xray_jira_integration" {
				continue
			}
			var keys map[string][]byte // the framework's encoding: each value's JSON as bytes
			if err := json.Unmarshal(inst.Private, &keys); err != nil {
				t.Fatalf("decoding an instance's private data %q: %v", inst.Private, err)
			}
			m := map[string]string{}
			for k, v := range keys {
				m[k] = string(v)
			}
			out = append(out, m)
		}
	}
	return out
}

// keptRoute is the route an instance's private data (statePrivate) keeps, "" when none: the
// provider's record is one JSON string, "o" for the observed route and "d" for the documented one.
func keptRoute(keys map[string]string) string {
	var code string
	if json.Unmarshal([]byte(keys["xray"]), &code) != nil {
		return ""
	}
	return map[string]string{"o": "observed", "d": "documented"}[code]
}

// What a plan records for the apply's second plan stays out of the state, and each created
// integration keeps the route style that served it, also where the apply's process never asked
// Xray for a route (the CLI handed it the plan's finding), so that the next refresh goes straight
// there: it sends one GET per integration and no other.
func TestCreatedIntegrationsKeepTheirRoute(t *testing.T) {
	const n = 3
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourDocumented))
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("route", n))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	privates := statePrivate(t, ws)
	if len(privates) != n {
		t.Fatalf("the state holds private data for %d integrations, want %d", len(privates), n)
	}
	for _, p := range privates {
		if len(p) != 1 {
			t.Errorf("the state keeps %v, want only the provider's record of the route", p)
		}
		if keptRoute(p) != "documented" {
			t.Errorf("a created integration does not keep the documented route that serves it: %v", p)
		}
	}
	fake.ResetRequests()
	ws.mustRun("plan", "-refresh-only", "-input=false", "-no-color")
	if got := fake.RequestCounts(); len(got) != 1 || got[fakexray.PatternReadDetails] != n {
		t.Errorf("the refresh after the apply sent %v, want %d× %s and nothing else", got, n, fakexray.PatternReadDetails)
	}
}
