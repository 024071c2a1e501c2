package xray_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// unknownRouteShapes are the ways real servers answer a route they do not have.
var unknownRouteShapes = map[string]http.HandlerFunc{
	"gin plain 404": func(w http.ResponseWriter, r *http.Request) { reply(w, 404, "404 page not found") },
	"xray json":     func(w http.ResponseWriter, r *http.Request) { reply(w, 404, `{"error":"Not Found"}`) },
	"platform json": func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, `{"errors":[{"status":404,"message":"Not Found"}]}`)
	},
}

// withUnknownRoutes serves s on one flavour's routes, and every other request with shape.
func withUnknownRoutes(s *store, documented bool, shape http.HandlerFunc) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, s.create)
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{}`) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	if documented {
		mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
		mux.HandleFunc("PUT "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.put(w, r, r.PathValue("name")) })
	} else {
		mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
		mux.HandleFunc("PUT "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) { s.put(w, r, "") })
	}
	// Go's mux would answer 405 where another method serves the path; these servers do not.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			shape(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// An integration that exists is never taken for a missing one, whatever shape the server gives
// the route it lacks, and a missing one is still recognised.
func TestExistingIntegrationSurvivesEveryUnknownRouteShape(t *testing.T) {
	ctx := context.Background()
	for name, shape := range unknownRouteShapes {
		for _, documented := range []bool{true, false} {
			flavourName := map[bool]string{true: "documented", false: "observed"}[documented]
			t.Run(name+"/"+flavourName, func(t *testing.T) {
				s := newStore(sampleIntegration())
				srv := newTestServer(t, withUnknownRoutes(s, documented, shape))
				// A fresh client per call, as each Terraform command is a fresh provider process.
				got, err := newClient(t, srv.URL).GetJiraIntegration(ctx, "jira-prod")
				if err != nil || got.ConnectionName != "jira-prod" {
					t.Fatalf("read = %+v, %v; want the integration", got, err)
				}
				changed := sampleIntegration()
				changed.Username = "changed"
				if err := newClient(t, srv.URL).UpdateJiraIntegration(ctx, changed); err != nil {
					t.Fatalf("update = %v, want success", err)
				}
				if s.items["jira-prod"].Username != "changed" {
					t.Errorf("update did not reach the server")
				}
				_, err = newClient(t, srv.URL).GetJiraIntegration(ctx, "ghost")
				if !errors.Is(err, xray.ErrNotFound) {
					t.Errorf("read of a missing integration = %v, want ErrNotFound", err)
				}
				ghost := sampleIntegration()
				ghost.ConnectionName = "ghost"
				if err := newClient(t, srv.URL).UpdateJiraIntegration(ctx, ghost); !errors.Is(err, xray.ErrNotFound) {
					t.Errorf("update of a missing integration = %v, want ErrNotFound", err)
				}
			})
		}
	}
}

// A delete's 404 means "gone" only when a read agrees: a server whose delete route is missing
// must not make Terraform forget an integration that is still there.
func TestDeleteNotFoundIsConfirmedByARead(t *testing.T) {
	s := newStore(sampleIntegration())
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { s.get(w, r.PathValue("name")) })
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, `{"error":"Not Found"}`) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	srv := newTestServer(t, mux)
	err := newClient(t, srv.URL).DeleteJiraIntegration(context.Background(), "jira-prod")
	if errors.Is(err, xray.ErrNotFound) || !errors.Is(err, xray.ErrRouteMissing) {
		t.Fatalf("delete whose 404 the read contradicts = %v, want a missing route", err)
	}
	if !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("error %q does not show the status", err)
	}
}

// A 404 on create is a missing route in any shape, and the error shows the URL requested, with
// a hint when the provider's url has a path.
func TestCreateNotFoundNamesTheURL(t *testing.T) {
	for name, shape := range unknownRouteShapes {
		t.Run(name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/", shape)
			mux.HandleFunc("GET /xray/xray/api/v1/system/version", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, "404 page not found") })
			srv := newTestServer(t, mux)
			err := newClient(t, srv.URL+"/xray").CreateJiraIntegration(context.Background(), sampleIntegration())
			if !errors.Is(err, xray.ErrRouteMissing) || errors.Is(err, xray.ErrNotFound) {
				t.Fatalf("create = %v, want a missing route", err)
			}
			for _, want := range []string{"HTTP 404", srv.URL + "/xray/xray/api/v1/ticketing/jira-integrations", `the path "/xray"`} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

// A version look-up that failed (here, the server was briefly unavailable) is asked again the
// next time it is needed, rather than remembered for the life of the provider process.
func TestFailedVersionLookupIsNotRemembered(t *testing.T) {
	var versionCalls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		if versionCalls.Add(1) == 1 {
			reply(w, 500, `{"error":"starting up"}`)
			return
		}
		reply(w, 200, `{"xray_version":"3.120.0","xray_revision":"r"}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	ctx := context.Background()
	var ve *xray.VersionError
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); errors.As(err, &ve) {
		t.Fatalf("first create = %v; the version was not readable yet", err)
	}
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); !errors.As(err, &ve) || ve.Have != "3.120.0" {
		t.Fatalf("second create = %v, want a version error for 3.120.0", err)
	}
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); !errors.As(err, &ve) {
		t.Fatalf("third create = %v, want a version error", err)
	}
	if n := versionCalls.Load(); n != 2 {
		t.Errorf("version asked %d times, want 2 (the failure is retried, the success kept)", n)
	}
}

// Parallel reads of names that do not exist share one discovery: the first call asks both
// routes, the others wait for it and then ask the route it proved, so N reads cost N+1
// requests, not 2N, and the waiters send nothing until the discovery has concluded.
func TestParallelNotFoundsShareTheDiscoveryProbe(t *testing.T) {
	const n = 8
	release := make(chan struct{})
	var beforeRelease atomic.Int32
	var released atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		if !released.Load() {
			beforeRelease.Add(1)
		}
		<-release
		reply(w, 404, notFoundJSON)
	})
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := c.GetJiraIntegration(context.Background(), fmt.Sprintf("new-%d", i))
			errs <- err
		}()
	}
	time.Sleep(200 * time.Millisecond) // every call has started; only the discovery is on the wire
	released.Store(true)
	close(release)
	for range n {
		if err := <-errs; !errors.Is(err, xray.ErrNotFound) {
			t.Errorf("read = %v, want ErrNotFound", err)
		}
	}
	if got := beforeRelease.Load(); got != 1 {
		t.Errorf("%d reads reached the observed route while the route was being found, want 1 (the discovery's)", got)
	}
	if got := srv.count(); got != n+1 {
		t.Errorf("%d parallel not-founds cost %d requests, want %d", n, got, n+1)
	}
}

// The plan's check of a new name asks both route flavours at once while the flavour is unknown:
// one round trip, not two, and still N+1 requests for N parallel checks.
func TestExistsAsksBothFlavoursAtOnce(t *testing.T) {
	observedArrived := make(chan struct{}, 16)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		observedArrived <- struct{}{}
		reply(w, 404, notFoundJSON)
	})
	mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) {
		// Answer only once the observed request is in flight too: asked one after the other,
		// this would wait in vain.
		select {
		case <-observedArrived:
			http.NotFound(w, r)
		case <-time.After(2 * time.Second):
			reply(w, 500, `{"error":"the documented route was asked alone"}`)
		}
	})
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	exists, err := c.JiraIntegrationExists(context.Background(), "new-one")
	if err != nil || exists {
		t.Fatalf("JiraIntegrationExists = %t, %v; want false, nil", exists, err)
	}
	// Both routes and the version, all at once: the version settles a server whose routes both
	// answer in Xray's shape without a second round trip (here the routes alone decide, so the
	// check does not wait for the version look-up, which may reach the server after it answered).
	if n := srv.countWithin(3, 2*time.Second); n != 3 {
		t.Errorf("the first check cost %d requests, want 3 (both routes and the version)", n)
	}
	exists, err = c.JiraIntegrationExists(context.Background(), "another")
	if err != nil || exists || srv.count() != 4 {
		t.Errorf("a check with the flavour known = %t, %v after %d requests; want false, nil, 4", exists, err, srv.count())
	}
	s := newStore(sampleIntegration())
	found, err := newClient(t, documentedServer(t, s).URL).JiraIntegrationExists(context.Background(), "jira-prod")
	if err != nil || !found {
		t.Errorf("an existing integration on a documented server = %t, %v; want true", found, err)
	}
}
