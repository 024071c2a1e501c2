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

// silentVersionServer answers every integration read with Xray's own not-found on both routes,
// refuses every create with a 400, has no status check, and its version service never answers:
// each request there hangs until the client gives up on it.
func silentVersionServer(t *testing.T, versionCalls *atomic.Int32) *testServer {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, `{"error":"Failed to connect to Jira"}`)
	})
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		versionCalls.Add(1)
		<-r.Context().Done()
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, `{"error":"Not Found"}`) })
	return newTestServer(t, mux)
}

// Every call that needs the version ends within one request's timeout when the version service
// never answers, sends one look-up, and says what did not answer. Before, a timed-out look-up
// counted as its caller's cancellation and was sent again, one per timeout, for as long as the
// caller's context lived: a plan hung until its runner killed it.
func TestVersionThatNeverAnswersEndsEveryCall(t *testing.T) {
	calls := map[string]func(context.Context, *xray.Client) error{
		"check of a new name": func(ctx context.Context, c *xray.Client) error {
			_, err := c.JiraIntegrationExists(ctx, "new-one")
			return err
		},
		"read": func(ctx context.Context, c *xray.Client) error {
			_, err := c.GetJiraIntegration(ctx, "jira-prod")
			return err
		},
		"refused create": func(ctx context.Context, c *xray.Client) error {
			return c.CreateJiraIntegration(ctx, sampleIntegration())
		},
		"status check": func(ctx context.Context, c *xray.Client) error {
			_, err := c.GetIntegrationStatus(ctx, "jira-prod")
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var versionCalls atomic.Int32
			srv := silentVersionServer(t, &versionCalls)
			c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.RequestTimeout = 200 * time.Millisecond })
			// The caller's own deadline is far beyond one request's timeout: the call must end
			// of itself, not because its caller gave up.
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			err := call(ctx, c)
			if ctx.Err() != nil {
				t.Fatalf("the call ended only with its caller's deadline (%v), after %d version requests", err, versionCalls.Load())
			}
			if err == nil {
				t.Fatal("the call succeeded although nothing was decided")
			}
			if n := versionCalls.Load(); n != 1 {
				t.Errorf("the version was asked %d times, want 1", n)
			}
			if errors.Is(err, xray.ErrNotFound) {
				t.Errorf("error = %v: taken as gone without a version", err)
			}
		})
	}
}

// The check of a new name on a server whose routes tell themselves apart (the observed route
// answers Xray's own not-found, the documented one a router's) is decided by the two reads, so it
// does not wait for the version look-up it started beside them. Before, the check waited for the
// version with the two reads.
func TestDecidedCheckDoesNotWaitForTheVersion(t *testing.T) {
	release := make(chan struct{})
	var releaseOnce sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, notFoundJSON) })
	mux.HandleFunc("GET "+pathVersion, func(w http.ResponseWriter, r *http.Request) {
		<-release
		reply(w, 200, `{"xray_version":"3.140.0","xray_revision":"r"}`)
	})
	srv := newTestServer(t, mux) // anything else: Go's plain 404
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) })
	c := newClient(t, srv.URL)

	type result struct {
		exists bool
		err    error
	}
	done := make(chan result, 1)
	go func() {
		exists, err := c.JiraIntegrationExists(context.Background(), "new-one")
		done <- result{exists, err}
	}()
	select {
	case r := <-done:
		if r.err != nil || r.exists {
			t.Fatalf("check = %t, %v; want false, nil", r.exists, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the check of a new name waited for a version it does not need")
	}
	if c.RouteHint() != xray.RouteObserved {
		t.Errorf("RouteHint = %q, want observed (Xray's not-found beside a router's)", c.RouteHint())
	}
}

// The reads that follow a refused create (is the name someone else's?) stop on Ctrl-C like any
// other read. Before, they inherited the create's run-to-answer marking and waited for their
// answer, up to the request timeout, after the user had pressed Ctrl-C.
func TestRefusedCreateFollowUpHonoursCancellation(t *testing.T) {
	known := sampleIntegration()
	known.ConnectionName = "known"
	s := newStore(known)
	readArrived := make(chan struct{}, 1)
	testDone := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, `{"error":"Failed to connect to Jira"}`)
	})
	mux.HandleFunc("GET "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		if name := r.PathValue("name"); name == "known" {
			s.get(w, name)
			return
		}
		readArrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-testDone:
		}
	})
	srv := newTestServer(t, mux)
	t.Cleanup(func() { close(testDone) })
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.RequestTimeout = 30 * time.Second })
	if _, err := c.GetJiraIntegration(context.Background(), "known"); err != nil {
		t.Fatalf("read that proves the route: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.CreateJiraIntegration(ctx, sampleIntegration()) }()
	select {
	case <-readArrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the refused create sent no follow-up read")
	}
	cancel()
	select {
	case err := <-done:
		if xray.StatusCode(err) != 400 {
			t.Errorf("create after Ctrl-C = %v, want Xray's 400 refusal", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the refused create's follow-up read kept going after Ctrl-C")
	}
}

// Checks that arrive while another's discovery waits for a version that never answers wait for
// that one look-up only: its failure is their answer too, so each ends within one request's
// timeout and the version is asked once. Before, a waiter whose discovery had failed asked for
// the version again, and waited a second timeout.
func TestConcurrentChecksWaitForTheVersionOnce(t *testing.T) {
	var versionCalls atomic.Int32
	srv := silentVersionServer(t, &versionCalls)
	const timeout = 300 * time.Millisecond
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.RequestTimeout = timeout })
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			var undecided *xray.UndecidedError
			if _, err := c.JiraIntegrationExists(context.Background(), fmt.Sprintf("new-%d", i)); !errors.As(err, &undecided) {
				t.Errorf("check %d = %v, want undecided", i, err)
			}
		})
	}
	wg.Wait()
	if n := versionCalls.Load(); n != 1 {
		t.Errorf("5 concurrent checks asked for the version %d times, want 1", n)
	}
	// A later call, begun after the failure, asks again: a failure is not kept for ever.
	if _, err := c.JiraIntegrationExists(context.Background(), "later"); err == nil {
		t.Error("a later check succeeded without a version")
	}
	if n := versionCalls.Load(); n != 2 {
		t.Errorf("a check begun after the failed look-up asked %d times in all, want 2", n)
	}
}
