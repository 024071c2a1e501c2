package xray_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// xrayShaped answers every route a server lacks like Xray's own missing integration, so that no
// answer for a missing name tells the routes apart.
func xrayShaped(w http.ResponseWriter, _ *http.Request) { reply(w, 404, notFoundJSON) }

// On a server whose routes answer a missing name alike, the plan's check learns nothing of the
// route; the create then reads its new integration once, so that the route is proven and the
// object can keep it (RouteHint). Without it every later process paid a discovery round.
func TestCreateProvesTheRouteWhereAMissingNameToldNothing(t *testing.T) {
	for _, documented := range []bool{true, false} {
		want := map[bool]xray.Route{true: xray.RouteDocumented, false: xray.RouteObserved}[documented]
		t.Run(string(want), func(t *testing.T) {
			srv := newTestServer(t, withUnknownRoutes(newStore(), documented, xrayShaped))
			c := newClient(t, srv.URL)
			ctx := context.Background()
			in := sampleIntegration()
			if exists, err := c.JiraIntegrationExists(ctx, in.ConnectionName); err != nil || exists {
				t.Fatalf("check of a new name = %v, %v", exists, err)
			}
			if h := c.RouteHint(); h != "" {
				t.Fatalf("RouteHint after the check = %q: a missing name proves no route here", h)
			}
			if err := c.CreateJiraIntegration(ctx, in); err != nil {
				t.Fatalf("create: %v", err)
			}
			if h := eventualHint(c); h != want {
				t.Errorf("RouteHint after the create = %q, want %q", h, want)
			}
			before := srv.count()
			if _, err := c.GetJiraIntegration(ctx, in.ConnectionName); err != nil {
				t.Fatalf("read: %v", err)
			}
			if n := srv.count() - before; n != 1 {
				t.Errorf("a read after the create cost %d requests, want 1 (the proven route)", n)
			}
		})
	}
}

// eventualHint waits for the background proof of a create (at most 5 s) and returns the route it
// proved, or "". The proof learns the route only after both of its reads were answered.
func eventualHint(c *xray.Client) xray.Route {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if h := c.RouteHint(); h != "" {
			return h
		}
	}
	return c.RouteHint()
}

// A create does not wait for the proof of the route: it answers while the proof's reads are held.
func TestCreateDoesNotWaitForTheRouteProof(t *testing.T) {
	inner := withUnknownRoutes(newStore(), true, xrayShaped)
	release := make(chan struct{})
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			<-release
		}
		inner.ServeHTTP(w, r)
	}))
	c := newClient(t, srv.URL)
	done := make(chan error, 1)
	go func() { done <- c.CreateJiraIntegration(context.Background(), sampleIntegration()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("create: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the create waited for the proof of the route")
	}
	close(release)
	if h := eventualHint(c); h != xray.RouteDocumented {
		t.Errorf("RouteHint after the proof = %q, want documented", h)
	}
}

// The proof is one create's, once per client: concurrent creates do not wait for it or repeat
// it, and a create handed the route the plan proved (Via) sends no read at all.
func TestRouteProofIsOneCreatesAndSkippedWithAHint(t *testing.T) {
	srv := newTestServer(t, withUnknownRoutes(newStore(), true, xrayShaped))
	c := newClient(t, srv.URL)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			in := sampleIntegration()
			in.ConnectionName = "jira-" + string(rune('a'+i))
			if err := c.CreateJiraIntegration(context.Background(), in); err != nil {
				t.Errorf("create %s: %v", in.ConnectionName, err)
			}
		})
	}
	wg.Wait()
	if h := eventualHint(c); h != xray.RouteDocumented {
		t.Fatalf("RouteHint after the creates = %q, want documented", h)
	}
	if n := srv.count() - 8; n != 2 {
		t.Errorf("8 creates sent %d reads beside their POSTs, want 2 (one proof, on both routes)", n)
	}

	srv = newTestServer(t, withUnknownRoutes(newStore(), true, xrayShaped))
	c = newClient(t, srv.URL)
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration(), xray.Via(xray.RouteDocumented)); err != nil {
		t.Fatalf("create with a hint: %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("a create with the plan's route sent %d requests, want 1 (the POST)", n)
	}
}

// The route is the server's: while nothing is known, a call without a hint of its own goes where
// another call's hint pointed, instead of leading a discovery of both routes.
func TestCallWithoutHintBorrowsAnothers(t *testing.T) {
	a, b := sampleIntegration(), sampleIntegration()
	b.ConnectionName = "jira-other"
	s := newStore(a, b)
	inner := withUnknownRoutes(s, true, xrayShaped)
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathIntegrations+"/"+a.ConnectionName+"/details" {
			close(arrived) // the hinted read is on the wire and holds until released
			<-release
		}
		inner.ServeHTTP(w, r)
	}))
	c := newClient(t, srv.URL)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := c.GetJiraIntegration(ctx, a.ConnectionName, xray.Via(xray.RouteDocumented))
		done <- err
	}()
	<-arrived
	if _, err := c.GetJiraIntegration(ctx, b.ConnectionName); err != nil {
		t.Fatalf("read without a hint: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("hinted read: %v", err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("two reads sent %d requests, want 2: the one without a hint goes to the other's route", n)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/"+b.ConnectionName); n != 0 {
		t.Errorf("the read without a hint asked the observed route %d times, want 0", n)
	}
}
