package xray_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// bothStylesServer serves both path styles from one store, as an Xray that has both routes does:
// a missing name answers Xray's own not-found on either route.
func bothStylesServer(t *testing.T, s *store) *testServer {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, s.create)
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("PUT "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) { s.put(w, r, "") })
	mux.HandleFunc("PUT "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.put(w, r, r.PathValue("name")) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	return newTestServer(t, mux)
}

// On a server whose two styles both answer a missing name in Xray's shape, the first checks of
// new names settle the style once (both routes and the version, in one round trip), and every
// later check costs one request: the server is never probed again. Before, every check asked
// both routes, and the checks queued behind one another for the second route.
func TestBothStylesAreDecidedOnce(t *testing.T) {
	srv := bothStylesServer(t, newStore())
	c := newClient(t, srv.URL)
	const n = 10
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			exists, err := c.JiraIntegrationExists(context.Background(), fmt.Sprintf("new-%d", i))
			if err != nil || exists {
				t.Errorf("check %d = %t, %v; want false, nil", i, exists, err)
			}
		})
	}
	wg.Wait()
	if got := srv.count(); got != n+2 {
		t.Errorf("%d parallel checks cost %d requests, want %d (one each, the other route and the version once)", n, got, n+2)
	}
	before := srv.count()
	for i := range n {
		if exists, err := c.JiraIntegrationExists(context.Background(), fmt.Sprintf("later-%d", i)); err != nil || exists {
			t.Fatalf("later check = %t, %v", exists, err)
		}
	}
	if got := srv.count() - before; got != n {
		t.Errorf("%d later checks cost %d requests, want %d: the style is decided once", n, got, n)
	}
	if got := srv.countPath(http.MethodGet, pathVersion); got != 1 {
		t.Errorf("the version was asked %d times, want 1", got)
	}
	// No answer for a missing name proves either route, so there is no hint for a later process:
	// a guess would be wrong on a server that answers the route it lacks in Xray's shape, and
	// correcting a kept hint changes the private state, which a refresh-only plan reports.
	if got := c.RouteHint(); got != "" {
		t.Errorf("RouteHint = %q after not-founds alone, want none", got)
	}
}

// Once the style is "both answer alike", a read that finds nothing on one route asks the other
// before it concludes anything, so an integration that only one route serves (a server that
// answers the route it lacks in Xray's own shape) is never dropped from the state.
func TestReadAfterBothStylesAnsweredAlikeAsksTheOtherRoute(t *testing.T) {
	s := newStore(sampleIntegration())
	srv := newTestServer(t, withUnknownRoutes(s, true, unknownRouteShapes["xray json"]))
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if exists, err := c.JiraIntegrationExists(ctx, "new-one"); err != nil || exists {
		t.Fatalf("check of a new name = %t, %v; want false, nil", exists, err)
	}
	if c.RouteHint() != "" {
		t.Fatalf("a not-found from both routes proved the route %q", c.RouteHint())
	}
	got, err := c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.ConnectionName != "jira-prod" {
		t.Fatalf("read of an integration on the documented route = %+v, %v; want it found", got, err)
	}
	if c.RouteHint() != xray.RouteDocumented {
		t.Errorf("RouteHint = %q after the documented route answered, want documented", c.RouteHint())
	}
	before := srv.count()
	if _, err := c.GetJiraIntegration(ctx, "gone"); !errors.Is(err, xray.ErrNotFound) {
		t.Errorf("read of a missing name on the proven route = %v, want ErrNotFound", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("a read on the proven route cost %d requests, want 1", n)
	}
}

// A read with a hint (the route that served the integration before, from the resource's private
// state) goes straight there: one request, and no waiting for a discovery in flight.
func TestHintedReadSkipsDiscovery(t *testing.T) {
	s := newStore(sampleIntegration())
	srv := documentedServer(t, s)
	c := newClient(t, srv.URL)
	got, err := c.GetJiraIntegration(context.Background(), "jira-prod", xray.Via(xray.RouteDocumented))
	if err != nil || got.ConnectionName != "jira-prod" {
		t.Fatalf("hinted read = %+v, %v", got, err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("hinted read cost %d requests, want 1", n)
	}
	// A wrong hint costs a request, never a wrong answer.
	c = newClient(t, srv.URL)
	if _, err := c.GetJiraIntegration(context.Background(), "jira-prod", xray.Via(xray.RouteObserved)); err != nil {
		t.Errorf("read with a wrong hint = %v, want the integration", err)
	}
	if c.RouteHint() != xray.RouteDocumented {
		t.Errorf("RouteHint after a wrong hint = %q, want documented", c.RouteHint())
	}
}

// An update whose route style is unknown learns it with reads: the update itself is sent once,
// to the right route, never to both.
func TestUpdateWithoutHintIsSentOnce(t *testing.T) {
	for _, srvFor := range []func(*testing.T, *store) *testServer{observedServer, documentedServer, bothStylesServer} {
		srv := srvFor(t, newStore(sampleIntegration()))
		if err := newClient(t, srv.URL).UpdateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
			t.Fatalf("update: %v", err)
		}
		puts := 0
		for _, r := range srv.requests() {
			if r.Method == http.MethodPut {
				puts++
			}
		}
		if puts != 1 {
			t.Errorf("the update was sent %d times, want once", puts)
		}
	}
}

// Concurrent callers that need the version share one look-up, and each stops waiting for it the
// moment its own context ends (the look-up was a mutex held across the request, with retries).
func TestVersionLookupIsOneCancellableFlight(t *testing.T) {
	var versionCalls atomic.Int32
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		versionCalls.Add(1)
		<-release
		reply(w, 200, `{"xray_version":"3.120.0","xray_revision":"r"}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)

	ctx, cancel := context.WithCancel(context.Background())
	cancelledErr := make(chan error, 1)
	go func() { cancelledErr <- c.CreateJiraIntegration(ctx, sampleIntegration()) }()
	others := make(chan error, 3)
	for range 3 {
		go func() { others <- c.CreateJiraIntegration(context.Background(), sampleIntegration()) }()
	}
	time.Sleep(100 * time.Millisecond) // every create is waiting for the version
	cancel()
	select {
	case err := <-cancelledErr:
		var ve *xray.VersionError
		if errors.As(err, &ve) {
			t.Errorf("the cancelled create waited for the version: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("a cancelled caller kept waiting for the version look-up")
	}
	close(release)
	for range 3 {
		var ve *xray.VersionError
		if err := <-others; !errors.As(err, &ve) || ve.Have != "3.120.0" {
			t.Errorf("create = %v, want a version error for 3.120.0", err)
		}
	}
	if n := versionCalls.Load(); n != 1 {
		t.Errorf("the version was asked %d times by 4 concurrent callers, want one shared look-up", n)
	}
}

// GetVersion's answer (the provider's start-up check of an exchanged token reads it) fills the
// cache that explains missing routes, so the version is not asked again.
func TestGetVersionFillsTheCache(t *testing.T) {
	srv := oldXrayServer(t, "3.120.0")
	c := newClient(t, srv.URL)
	if _, err := c.GetVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	var ve *xray.VersionError
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration()); !errors.As(err, &ve) {
		t.Fatalf("create on an old Xray = %v, want a version error", err)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 1 {
		t.Errorf("the version was asked %d times, want 1 (GetVersion's answer kept)", n)
	}
}

// An update that waited for another call's discovery, which then failed, finds the style itself
// and still sends the update, once.
func TestUpdateAfterAFailedDiscoveryIsSent(t *testing.T) {
	s := newStore(sampleIntegration())
	var gets, puts atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			time.Sleep(200 * time.Millisecond) // the discovery's probe, long enough to be joined
			reply(w, 500, `{"error":"starting up"}`)
			return
		}
		s.get(w, r.PathValue("name"))
	})
	mux.HandleFunc("PUT "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) {
		puts.Add(1)
		s.put(w, r, "")
	})
	c := newClient(t, newTestServer(t, mux).URL)
	leader := make(chan error, 1)
	go func() { _, err := c.GetJiraIntegration(context.Background(), "jira-prod"); leader <- err }()
	time.Sleep(50 * time.Millisecond)
	if err := c.UpdateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
		t.Fatalf("update after a failed discovery: %v", err)
	}
	if err := <-leader; xray.StatusCode(err) != 500 {
		t.Errorf("the discovering read = %v, want Xray's 500", err)
	}
	if n := puts.Load(); n != 1 {
		t.Errorf("the update was sent %d times, want once", n)
	}
}
