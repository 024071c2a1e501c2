package xray_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// store is a tiny in-memory Xray used by the route-flavour servers below.
type store struct {
	mu    sync.Mutex
	items map[string]xray.JiraIntegration
}

func newStore(items ...xray.JiraIntegration) *store {
	s := &store{items: map[string]xray.JiraIntegration{}}
	for _, in := range items {
		s.items[in.ConnectionName] = in
	}
	return s
}

func (s *store) get(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.items[name]
	if !ok {
		reply(w, 404, notFoundJSON)
		return
	}
	reply(w, 200, readJSON(in))
}

func (s *store) put(w http.ResponseWriter, r *http.Request, name string) {
	var in xray.JiraIntegration
	if err := jsonUnmarshal(r, &in); err != nil {
		reply(w, 400, `{"error":"invalid body"}`)
		return
	}
	if name == "" {
		name = in.ConnectionName
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[name]; !ok {
		reply(w, 404, notFoundJSON)
		return
	}
	s.items[name] = in
	reply(w, 200, updatedJSON)
}

func (s *store) create(w http.ResponseWriter, r *http.Request) {
	var in xray.JiraIntegration
	if err := jsonUnmarshal(r, &in); err != nil {
		reply(w, 400, `{"error":"invalid body"}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[in.ConnectionName] = in
	reply(w, 200, createdJSON)
}

// observedServer serves only the routes seen on a live server; anything else gets Go's own
// plain "404 page not found" or 405.
func observedServer(t *testing.T, s *store) *testServer {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, s.create)
	mux.HandleFunc("PUT "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) { s.put(w, r, "") })
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{}`) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.131.0","xray_revision":"r"}`)
	})
	return newTestServer(t, mux)
}

// documentedServer serves only the routes in JFrog's documentation.
func documentedServer(t *testing.T, s *store) *testServer {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, s.create)
	mux.HandleFunc("PUT "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.put(w, r, r.PathValue("name")) })
	mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{}`) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	return newTestServer(t, mux)
}

func TestObservedFlavour(t *testing.T) {
	srv := observedServer(t, newStore(sampleIntegration()))
	c := newClient(t, srv.URL)
	ctx := context.Background()

	got, err := c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.Username != sampleIntegration().Username {
		t.Fatalf("first read = %+v, %v", got, err)
	}
	before := srv.count()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil {
		t.Fatalf("second read: %v", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("second read cost %d requests, want 1", n)
	}

	upd := sampleIntegration()
	upd.Username = "new-user"
	if err := c.UpdateJiraIntegration(ctx, upd); err != nil {
		t.Fatalf("update: %v", err)
	}
	before = srv.count()
	if err := c.UpdateJiraIntegration(ctx, upd); err != nil {
		t.Fatalf("second update: %v", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("second update cost %d requests, want 1", n)
	}
	got, err = c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.Username != "new-user" {
		t.Errorf("after update, read = %+v, %v; want username new-user", got, err)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 0 {
		t.Errorf("the version was asked %d times although every call worked", n)
	}
}

func TestDocumentedFlavour(t *testing.T) {
	srv := documentedServer(t, newStore(sampleIntegration()))
	c := newClient(t, srv.URL)
	ctx := context.Background()

	got, err := c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.ConnectionName != "jira-prod" {
		t.Fatalf("first read against documented routes = %+v, %v", got, err)
	}
	before := srv.count()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil {
		t.Fatalf("second read: %v", err)
	}
	reqs := srv.requests()[before:]
	if len(reqs) != 1 || reqs[0].Path != pathIntegrations+"/jira-prod/details" {
		t.Errorf("second read sent %d requests (%v), want exactly GET .../details", len(reqs), reqs)
	}

	upd := sampleIntegration()
	upd.InstallationType = "server"
	if err := c.UpdateJiraIntegration(ctx, upd); err != nil {
		t.Fatalf("update against documented routes: %v", err)
	}
	before = srv.count()
	if err := c.UpdateJiraIntegration(ctx, upd); err != nil {
		t.Fatalf("second update: %v", err)
	}
	reqs = srv.requests()[before:]
	if len(reqs) != 1 || reqs[0].Method != http.MethodPut || reqs[0].Path != pathIntegrations+"/jira-prod" {
		t.Errorf("second update sent %v, want exactly PUT .../jira-prod", reqs)
	}
	got, err = c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.InstallationType != "server" {
		t.Errorf("after update, read = %+v, %v", got, err)
	}
	// A missing integration on the documented server is Xray's not-found, not a missing route.
	if _, err := c.GetJiraIntegration(ctx, "ghost"); !errors.Is(err, xray.ErrNotFound) || errors.Is(err, xray.ErrRouteMissing) {
		t.Errorf("read of a missing integration = %v, want ErrNotFound", err)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 0 {
		t.Errorf("the version was asked %d times although every call worked", n)
	}
}

func TestDocumentedFlavourNotFoundOnFirstRead(t *testing.T) {
	srv := documentedServer(t, newStore())
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.GetJiraIntegration(ctx, "ghost"); !errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("read of a missing integration = %v, want ErrNotFound", err)
	}
	if err := c.UpdateJiraIntegration(ctx, sampleIntegration()); !errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("update of a missing integration = %v, want ErrNotFound", err)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 0 {
		t.Errorf("not-found asked for the version %d times", n)
	}
}

func TestXrayShapedNotFoundOnTheOtherRouteIsNotGone(t *testing.T) {
	// A documented-only server whose router answers every unknown route with Xray's own
	// not-found shape. The integration exists: the observed route's 404 must not lose it.
	s := newStore(sampleIntegration())
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, `{"error":"Not Found"}`) })
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	ctx := context.Background()

	got, err := c.GetJiraIntegration(ctx, "jira-prod")
	if err != nil || got.ConnectionName != "jira-prod" {
		t.Fatalf("first read = %+v, %v; want the integration from the documented route", got, err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("first read cost %d requests, want 2 (both routes)", n)
	}
	// Now the documented route is known: its 404 alone says the integration is gone.
	before := srv.count()
	if _, err := c.GetJiraIntegration(ctx, "ghost"); !errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("read of a missing integration on the known route = %v, want ErrNotFound", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("read on the known route cost %d requests, want 1", n)
	}
}

func TestBothRoutesXrayShapedNotFound(t *testing.T) {
	// A server that answers unknown routes with Xray's shape, and where the integration is
	// absent: both routes say not found. The version says whether the server has the API.
	for _, tc := range []struct {
		name        string
		version     http.HandlerFunc
		gone, older bool
	}{
		{name: "recent Xray", version: func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
		}, gone: true},
		{name: "Xray without the API", version: func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, `{"xray_version":"3.100.0","xray_revision":"r"}`)
		}, older: true},
		{name: "not an Xray", version: func(w http.ResponseWriter, r *http.Request) { reply(w, 404, notFoundJSON) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("GET "+pathVersion, tc.version)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, notFoundJSON) })
			srv := newTestServer(t, mux)
			c := newClient(t, srv.URL)
			_, err := c.GetJiraIntegration(context.Background(), "jira-prod")
			if errors.Is(err, xray.ErrNotFound) != tc.gone {
				t.Errorf("errors.Is(ErrNotFound) = %t, want %t: %v", !tc.gone, tc.gone, err)
			}
			var ve *xray.VersionError
			if errors.As(err, &ve) != tc.older {
				t.Errorf("version error = %t, want %t: %v", !tc.older, tc.older, err)
			}
			var undecided *xray.UndecidedError
			if wantUndecided := !tc.gone && !tc.older; errors.As(err, &undecided) != wantUndecided {
				t.Errorf("undecided = %t, want %t: %v", !wantUndecided, wantUndecided, err)
			}
			if n := srv.countPath(http.MethodGet, pathVersion); n != 1 {
				t.Errorf("version asked %d times, want 1", n)
			}
		})
	}
}

func TestObservedFlavourNotFoundThenFound(t *testing.T) {
	s := newStore()
	srv := observedServer(t, s)
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); !errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("read before create = %v, want ErrNotFound", err)
	}
	// Xray's not-found on one route and the router's plain 404 on the other settle the flavour.
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod/details"); n != 1 {
		t.Errorf("the first not-found tried the documented route %d times, want 1", n)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 0 {
		t.Errorf("an asymmetric not-found asked for the version %d times, want 0", n)
	}
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); err != nil {
		t.Fatal(err)
	}
	before := srv.count()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil {
		t.Fatalf("read after create: %v", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("read after discovery cost %d requests, want 1", n)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod/details"); n != 1 {
		t.Errorf("reads went to the documented route %d times after discovery, want 0 more", n-1)
	}
}

func TestConcurrentDiscovery(t *testing.T) {
	srv := documentedServer(t, newStore(sampleIntegration()))
	c := newClient(t, srv.URL)
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetJiraIntegration(context.Background(), "jira-prod"); err != nil {
				failures.Add(1)
			}
			if err := c.UpdateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
				failures.Add(1)
			}
		}()
	}
	wg.Wait()
	if failures.Load() != 0 {
		t.Errorf("%d concurrent calls failed", failures.Load())
	}
}

// ---- old Xray ----

// oldXrayServer has no Jira or status routes at all (plain 404s) and reports version v.
func oldXrayServer(t *testing.T, v string) *testServer {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"`+v+`","xray_revision":"abc"}`)
	})
	mux.HandleFunc("GET /xray/api/v1/system/ping", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":"pong"}`)
	})
	return newTestServer(t, mux)
}

func TestOldXrayJiraRoutes(t *testing.T) {
	srv := oldXrayServer(t, "3.128.0")
	c := newClient(t, srv.URL)
	ctx := context.Background()
	_, getErr := c.GetJiraIntegration(ctx, "jira-prod")
	errs := map[string]error{
		"get":    getErr,
		"create": c.CreateJiraIntegration(ctx, sampleIntegration()),
		"update": c.UpdateJiraIntegration(ctx, sampleIntegration()),
	}
	_, errs["get again"] = c.GetJiraIntegration(ctx, "jira-prod")
	for call, err := range errs {
		var ve *xray.VersionError
		if !errors.As(err, &ve) {
			t.Errorf("%s = %v, want a *VersionError", call, err)
			continue
		}
		if ve.Have != "3.128.0" || ve.Need != "3.129.0" {
			t.Errorf("%s: VersionError have %q need %q", call, ve.Have, ve.Need)
		}
		if msg := err.Error(); !strings.Contains(msg, "3.129.0") || !strings.Contains(msg, "3.128.0") {
			t.Errorf("%s: message does not name both versions: %s", call, msg)
		}
		if !errors.Is(err, xray.ErrRouteMissing) || errors.Is(err, xray.ErrNotFound) {
			t.Errorf("%s: the cause is lost: %v", call, err)
		}
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 1 {
		t.Errorf("version asked %d times over several failing calls, want 1", n)
	}
}

func TestOldXrayStatusRoute(t *testing.T) {
	srv := oldXrayServer(t, "3.135.0")
	c := newClient(t, srv.URL)
	for i := range 3 {
		_, err := c.GetIntegrationStatus(context.Background(), "jira-prod")
		var ve *xray.VersionError
		if !errors.As(err, &ve) || ve.Need != "3.136.0" || !strings.Contains(err.Error(), "3.136.0") {
			t.Fatalf("call %d: status on Xray 3.135.0 = %v, want a VersionError naming 3.136.0", i, err)
		}
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 1 {
		t.Errorf("version asked %d times, want 1", n)
	}
	// 3.135 is recent enough for the Jira routes: their absence is not blamed on the version.
	_, err := c.GetJiraIntegration(context.Background(), "jira-prod")
	var ve *xray.VersionError
	if errors.As(err, &ve) || !errors.Is(err, xray.ErrRouteMissing) {
		t.Errorf("jira read on 3.135.0 without routes = %v, want a plain missing-route error", err)
	}
}

func TestRecentXrayMissingRouteIsNotAVersionError(t *testing.T) {
	for _, v := range []string{"3.129.0", "3.136.0", "3.140.1", "4.0"} {
		srv := oldXrayServer(t, v)
		_, err := newClient(t, srv.URL).GetIntegrationStatus(context.Background(), "x")
		var ve *xray.VersionError
		wantVersionErr := v == "3.129.0"
		if errors.As(err, &ve) != wantVersionErr {
			t.Errorf("Xray %s: status error %v, VersionError wanted: %t", v, err, wantVersionErr)
		}
		if !errors.Is(err, xray.ErrRouteMissing) {
			t.Errorf("Xray %s: %v, want ErrRouteMissing", v, err)
		}
	}
}

func TestVersionNeverAskedWhenRoutesWork(t *testing.T) {
	s := newStore()
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, s.create)
	mux.HandleFunc("PUT "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) { s.put(w, r, "") })
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{}`) })
	mux.HandleFunc("GET "+pathStatus, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":"HEALTHY_INTEGRATION","reason":"","time":"2024-05-01T10:00:00Z","integration_name":"jira-prod"}`)
	})
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.128.0"}`)
	})
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); !errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("read before create: %v", err)
	}
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateJiraIntegration(ctx, sampleIntegration()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIntegrationStatus(ctx, "jira-prod"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteJiraIntegration(ctx, "jira-prod"); err != nil {
		t.Fatal(err)
	}
	if n := srv.countPath(http.MethodGet, pathVersion); n != 0 {
		t.Errorf("the version endpoint was asked %d times on the happy path", n)
	}
}

// Terraform refreshes resources in parallel. While the route style is unknown, calls wait for
// the one discovery in flight and nothing else: once it has concluded they are all on the wire
// together, never one behind another.
func TestDiscoveryDoesNotSerialiseCalls(t *testing.T) {
	var inFlight, peak atomic.Int32
	release := make(chan struct{})
	discovered := make(chan struct{})
	var first atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		if first.CompareAndSwap(false, true) {
			<-discovered // the discovery's read answers when the test says so
			reply(w, 200, `{"connection_name":"`+r.PathValue("name")+`"}`)
			return
		}
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		reply(w, 200, `{"connection_name":"`+r.PathValue("name")+`"}`)
	})
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	const calls = 6
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetJiraIntegration(context.Background(), "jira-prod"); err != nil {
				t.Errorf("GetJiraIntegration: %v", err)
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if n := inFlight.Load(); n != 0 {
		t.Errorf("%d calls went to the wire before the discovery concluded", n)
	}
	close(discovered)
	// Wait until every other call is on the wire at once, or give up and report the peak.
	deadline := time.Now().Add(5 * time.Second)
	for inFlight.Load() < calls-1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if got := peak.Load(); got != calls-1 {
		t.Errorf("at most %d of the %d calls after the discovery were in flight together: they queue", got, calls-1)
	}
}

// A call waiting for another call's discovery gives way to its own cancellation at once.
func TestWaitForDiscoveryHonoursCancellation(t *testing.T) {
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		<-release
		reply(w, 200, `{"connection_name":"`+r.PathValue("name")+`"}`)
	})
	srv := newTestServer(t, mux)
	defer close(release)
	c := newClient(t, srv.URL)
	go func() { _, _ = c.GetJiraIntegration(context.Background(), "leader") }()
	time.Sleep(50 * time.Millisecond) // the leader's discovery is on the wire
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := c.GetJiraIntegration(ctx, "waiter"); errc <- err }()
	time.Sleep(50 * time.Millisecond)
	cancelled := time.Now()
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the waiting call returned %v, want context.Canceled", err)
		}
		if d := time.Since(cancelled); d > 100*time.Millisecond {
			t.Errorf("the waiting call returned %s after its cancellation", d)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the waiting call did not return within 2 s of its cancellation")
	}
}
