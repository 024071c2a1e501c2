package xray_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// failThen answers the first n requests with status (and optional headers), then hands over to ok.
func failThen(n int, status int, header http.Header, ok http.Handler) http.Handler {
	var seen atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(seen.Add(1)) <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			reply(w, status, "<html><title>"+http.StatusText(status)+"</title></html>")
			return
		}
		ok.ServeHTTP(w, r)
	})
}

func TestConnectionRefused(t *testing.T) {
	base := closedURL(t)
	log := &recLogger{}
	c := newClient(t, base+"/prefix/", withLogger(log), withRetryMax(3))
	start := time.Now()
	_, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	elapsed := time.Since(start)
	var te *xray.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("read against a closed port = %v (%T), want a *TransportError", err, err)
	}
	wantURL := base + "/prefix" + pathIntegrations + "/jira-prod"
	if te.URL != wantURL || te.Method != http.MethodGet {
		t.Errorf("TransportError names %s %s, want GET %s", te.Method, te.URL, wantURL)
	}
	msg := err.Error()
	if !strings.Contains(msg, wantURL) || !strings.Contains(msg, "refused") {
		t.Errorf("message %q does not name the URL and the refusal", msg)
	}
	if strings.Count(msg, wantURL) != 1 {
		t.Errorf("message repeats the URL: %q", msg)
	}
	if n := log.count(msgSending); n != 4 {
		t.Errorf("%d attempts, want 4 (1 + RetryMax 3)", n)
	}
	if elapsed > 2*time.Second {
		t.Errorf("giving up took %v with millisecond waits", elapsed)
	}
	if errors.Is(err, xray.ErrRouteMissing) || errors.Is(err, xray.ErrNotFound) || xray.StatusCode(err) != 0 {
		t.Errorf("a transport error matched an HTTP condition: %v", err)
	}
}

func TestRetryableStatusesAreRetried(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := newTestServer(t, failThen(2, status, nil, fixed(200, readJSON(sampleIntegration()))))
			c := newClient(t, srv.URL, withRetryMax(3))
			got, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
			if err != nil || got.ConnectionName != "jira-prod" {
				t.Fatalf("read after two %d = %+v, %v; want success", status, got, err)
			}
			if n := srv.count(); n != 3 {
				t.Errorf("server saw %d requests, want 3", n)
			}
		})
	}
}

func TestRetriedCreateResendsTheSameBody(t *testing.T) {
	srv := newTestServer(t, failThen(2, 502, nil, fixed(200, createdJSON)))
	c := newClient(t, srv.URL)
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration(), viaObserved); err != nil {
		t.Fatalf("create: %v", err)
	}
	reqs := srv.requests()
	if len(reqs) != 3 {
		t.Fatalf("server saw %d requests, want 3", len(reqs))
	}
	for i, r := range reqs[1:] {
		if !bytes.Equal(r.Body, reqs[0].Body) || len(r.Body) == 0 {
			t.Errorf("attempt %d sent body %q, first sent %q", i+2, r.Body, reqs[0].Body)
		}
		if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("attempt %d lost its headers: %v", i+2, r.Header)
		}
	}
	// The failed answers were proxy errors, not Xray's "already exists": no reconciliation read.
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod"); n != 0 {
		t.Errorf("a create that finally succeeded sent %d reads", n)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	cases := []struct {
		retryMax, want int
	}{
		{-1, 1},
		{1, 2},
		{2, 3},
		{0, 1 + xray.DefaultRetryMax},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("RetryMax=%d", tc.retryMax), func(t *testing.T) {
			srv := newTestServer(t, fixed(503, `{"error":"Xray is starting"}`))
			c := newClient(t, srv.URL, withRetryMax(tc.retryMax))
			_, err := c.GetIntegrationStatus(context.Background(), "jira-prod")
			if xray.StatusCode(err) != 503 || !strings.Contains(err.Error(), "Xray is starting") {
				t.Errorf("error = %v, want the last 503 with its message", err)
			}
			if n := srv.count(); n != tc.want {
				t.Errorf("server saw %d requests, want %d", n, tc.want)
			}
		})
	}
}

// The one slow test: a Retry-After of one second is waited out although RetryWaitMax is 5 ms.
func TestRetryAfterIsHonoured(t *testing.T) {
	var first time.Time
	var mu sync.Mutex
	var gap time.Duration
	seen := 0
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			reply(w, 503, "")
			return
		}
		gap = time.Since(first)
		reply(w, 200, readJSON(sampleIntegration()))
	}))
	c := newClient(t, srv.URL)
	if _, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen != 2 {
		t.Fatalf("server saw %d requests, want 2", seen)
	}
	if gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want about the 1 s that Retry-After asked for", gap)
	}
	if gap > 5*time.Second {
		t.Errorf("retried after %v, far more than Retry-After", gap)
	}
}

// Retry-After on a 429 is honoured too; shown quickly: a long Retry-After outlasts the caller's
// 300 ms deadline, so no second attempt is made (with RetryWaitMax of 5 ms there would be several).
func TestRetryAfterOn429OutlastsDeadline(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		reply(w, 429, `{"errors":[{"code":"TOO_MANY_REQUESTS","message":"slow down"}]}`)
	}))
	c := newClient(t, srv.URL, withRetryMax(10))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetIntegrationStatus(ctx, "jira-prod")
	if err == nil {
		t.Fatal("want an error")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (Retry-After: 5 ignored?)", n)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not say the deadline passed", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %v, want promptly at the deadline", d)
	}
}

func TestRequestTimeoutIsNotRetried(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	c := newClient(t, srv.URL, withRetryMax(3), func(cfg *xray.Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	start := time.Now()
	err := c.UpdateJiraIntegration(context.Background(), sampleIntegration(), viaObserved)
	elapsed := time.Since(start)
	var te *xray.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("update against a silent server = %v (%T), want a *TransportError", err, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, srv.URL+pathIntegrations) || !strings.Contains(msg, "within the request timeout of 100ms") {
		t.Errorf("message %q does not name the URL and the timeout", msg)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (a timeout is not retried)", n)
	}
	if elapsed > 2*time.Second {
		t.Errorf("gave up after %v with a 100 ms timeout", elapsed)
	}
}

func TestRequestTimeoutCoversReadingTheBody(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"connection_name":`))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	start := time.Now()
	got, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	if err == nil {
		t.Fatalf("a stalled body gave %+v, want an error", got)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a stalled body held the call for %v with a 100 ms timeout", d)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// ---- cancellation ----

// An attempt on the wire when the caller cancels runs to its answer, and a success is a success:
// aborting a create mid-flight would leave an integration the state does not know about.
func TestCancelWhileInFlightKeepsOnlyTheCreatesAnswer(t *testing.T) {
	var mu sync.Mutex
	var cancelCaller context.CancelFunc
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cancelCaller() // the caller gives up while this request is being served
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		switch r.Method {
		case http.MethodPost:
			reply(w, 200, createdJSON)
		default:
			reply(w, 200, readJSON(sampleIntegration()))
		}
	}))
	c := newClient(t, srv.URL)
	newCtx := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		mu.Lock()
		cancelCaller = cancel
		mu.Unlock()
		return ctx
	}

	ctx := newCtx()
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); err != nil {
		t.Errorf("create cancelled in flight = %v, want the server's success", err)
	}
	if ctx.Err() == nil {
		t.Fatal("the test did not cancel the create")
	}
	if n := srv.count(); n != 1 {
		t.Errorf("create: server saw %d requests, want exactly 1", n)
	}

	// A read is safe to repeat: it gives up with the caller instead of waiting for the answer.
	before := srv.count()
	got, err := c.GetJiraIntegration(newCtx(), "jira-prod", viaObserved)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("read cancelled in flight = %+v, %v; want the cancellation", got, err)
	}
	if errors.Is(err, xray.ErrNotFound) {
		t.Errorf("a cancelled read was taken for a missing integration: %v", err)
	}
	if n := srv.count() - before; n != 1 {
		t.Errorf("read: server saw %d requests, want exactly 1", n)
	}
}

// Cancelled during the wait before a retry: no new attempt starts and the call returns at once.
func TestCancelDuringBackoffStopsRetrying(t *testing.T) {
	calls := []struct {
		name string
		do   func(ctx context.Context, c *xray.Client) error
	}{
		{"get", func(ctx context.Context, c *xray.Client) error {
			_, err := c.GetJiraIntegration(ctx, "jira-prod", viaObserved)
			return err
		}},
		{"update", func(ctx context.Context, c *xray.Client) error {
			return c.UpdateJiraIntegration(ctx, sampleIntegration(), viaObserved)
		}},
		{"status", func(ctx context.Context, c *xray.Client) error {
			_, err := c.GetIntegrationStatus(ctx, "x")
			return err
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			answered := make(chan struct{}, 10)
			srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, 503, "")
				answered <- struct{}{}
			}))
			// Backoff of at least 5 s: the test only passes if the cancellation cuts it short.
			c := newClient(t, srv.URL, withRetryMax(3), func(cfg *xray.Config) {
				cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Second, 10*time.Second
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				<-answered
				time.Sleep(50 * time.Millisecond) // the client is now waiting to retry
				cancel()
			}()
			start := time.Now()
			err := tc.do(ctx, c)
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("a cancelled call returned success")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v does not say the call was cancelled", err)
			}
			if elapsed > 2*time.Second {
				t.Errorf("returned %v after the cancellation, want promptly", elapsed)
			}
			time.Sleep(20 * time.Millisecond)
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d requests, want 1 (no attempt after cancellation)", n)
			}
		})
	}
}

// createCancelledInBackoff runs a create whose POST gets postStatus, and cancels it while the
// client waits (10 s) to retry; reads are answered with readStatus and readBody. It returns the
// server, how long the create took, and its result.
func createCancelledInBackoff(t *testing.T, postStatus, readStatus int, readBody string) (*testServer, time.Duration, error) {
	t.Helper()
	answered := make(chan struct{}, 10)
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, readStatus, readBody)
			return
		}
		reply(w, postStatus, "")
		answered <- struct{}{}
	}))
	c := newClient(t, srv.URL, func(cfg *xray.Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Second, 10*time.Second
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-answered
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	err := c.CreateJiraIntegration(ctx, sampleIntegration())
	return srv, time.Since(start), err
}

// A create cancelled while waiting to retry a lost answer sends no second POST. The one read it
// may make (detached from the cancellation) finds nothing, so the caller gets the cancellation.
func TestCancelDuringCreateBackoff(t *testing.T) {
	srv, elapsed, err := createCancelledInBackoff(t, 503, 404, notFoundJSON)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("create = %v, want the cancellation", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("returned after %v, want promptly", elapsed)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 1 {
		t.Errorf("server saw %d POSTs, want 1", n)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod"); n > 1 {
		t.Errorf("server saw %d reconciliation reads, want at most 1", n)
	}
}

// A create cancelled while waiting to retry, whose first attempt was in fact stored, is
// recognised by the detached read: the caller learns that the integration exists.
func TestCancelDuringCreateBackoffFindsStoredIntegration(t *testing.T) {
	srv, _, err := createCancelledInBackoff(t, 504, 200, readJSON(sampleIntegration()))
	if err != nil {
		t.Errorf("create = %v, want success: the server holds exactly this integration", err)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 1 {
		t.Errorf("server saw %d POSTs, want 1", n)
	}
}

// A call made with an already-cancelled context should not put a new attempt on the wire.
func TestAlreadyCancelledContextSendsNothing(t *testing.T) {
	srv := newTestServer(t, fixed(200, createdJSON))
	c := newClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.CreateJiraIntegration(ctx, sampleIntegration())
	if n := srv.count(); n != 0 {
		t.Errorf("a call with a cancelled context sent %d requests (err %v)", n, err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

// A create that never reached the server (connection refused) cannot have been stored, so no
// reconciliation read follows: the user hears of the down server after one retry chain, not two.
func TestCreateAgainstClosedPortDoesNotReconcile(t *testing.T) {
	log := &recLogger{}
	c := newClient(t, closedURL(t), withRetryMax(2), withLogger(log))
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	var te *xray.TransportError
	if !errors.As(err, &te) || te.Method != http.MethodPost {
		t.Fatalf("create against a closed port = %v, want a POST *TransportError", err)
	}
	if n := log.count(msgSending); n != 3 {
		t.Errorf("%d attempts, want 3 POSTs (1 + RetryMax 2) and no reconciliation GET", n)
	}
}
