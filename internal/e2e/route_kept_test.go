package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// countMethod is how many requests with method the fake has seen since its last reset.
func countMethod(fake *fakexray.Server, method string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// Every integration a create makes keeps the route that serves it, on every server shape, so a
// later process reads each with one GET and discovers nothing. Before, on the servers whose
// routes both answer a missing name in Xray's own shape (the "both" style, and any style under
// the xray router), the plan's check proved no route, no create proved one either, and every
// later refresh or destroy began with a discovery of both routes that held its first calls for
// one more round trip. The first create proves the route in the background, so its own object
// may keep none; one create at a time (-parallelism=1) against a server that takes 50 ms per
// request, so that every later create ends after that proof.
func TestCreatesKeepTheirRouteOnEveryShape(t *testing.T) {
	const n = 3
	for _, shape := range serverShapes() {
		t.Run(fmt.Sprintf("%s/%s", shape.flavour, shape.router), func(t *testing.T) {
			t.Parallel()
			fake := fakexray.NewTestServer(t, fakexray.WithFlavour(shape.flavour), fakexray.WithRouterStyle(shape.router),
				fakexray.WithLatency(50*time.Millisecond))
			ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("kept", n))
			ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=1")
			var without []map[string]string
			for _, keys := range statePrivate(t, ws) {
				if keptRoute(keys) == "" {
					without = append(without, keys)
				}
			}
			if len(without) > 1 {
				t.Errorf("%d of %d integrations keep no route after their creates, want at most the first: %v", len(without), n, without)
			}
			fake.ResetRequests()
			ws.mustRun("plan", "-refresh-only", "-input=false", "-no-color", "-parallelism=1")
			gets := countMethod(fake, http.MethodGet)
			if gets > n+1 {
				t.Errorf("a refresh of %d integrations sent %d GETs, want at most %d (one each, and one other route for the one without a route)", n, gets, n+1)
			}
		})
	}
}
