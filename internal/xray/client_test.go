package xray_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

func TestParseBaseURLRejectsUnusableURLs(t *testing.T) {
	cases := []struct {
		name, raw, want string
	}{
		{"empty", "", "must start with https:// or http://"},
		{"no scheme", "acme.jfrog.io", "must start with https:// or http://"},
		{"no scheme with path", "acme.jfrog.io/xray", "must start with https:// or http://"},
		{"ftp scheme", "ftp://acme.jfrog.io", "must start with https:// or http://"},
		{"no host", "https://", "has no host"},
		{"no host with path", "https:///xray", "has no host"},
		{"credentials", "https://admin@acme.jfrog.io", "without credentials"},
		{"query", "https://acme.jfrog.io/?token=abc", "without credentials, query or fragment"},
		{"fragment", "https://acme.jfrog.io/#x", "without credentials, query or fragment"},
		{"unparsable", "https://acme.jfrog.io:badport", "cannot be parsed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := xray.ParseBaseURL(tc.raw)
			if err == nil {
				t.Fatalf("ParseBaseURL(%q) = %v, want an error", tc.raw, u)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			// NewClient reports the same problem.
			_, err = xray.NewClient(xray.Config{URL: tc.raw, AccessToken: testToken})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewClient error = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestParseBaseURLTrimsTrailingSlashAndSpace(t *testing.T) {
	cases := map[string]string{
		"https://acme.jfrog.io":             "https://acme.jfrog.io",
		"https://acme.jfrog.io/":            "https://acme.jfrog.io",
		"  https://acme.jfrog.io/ \n":       "https://acme.jfrog.io",
		"http://10.0.0.5:8082/":             "http://10.0.0.5:8082",
		"https://acme.example/artifactory/": "https://acme.example/artifactory",
		"https://acme.example/prefix//":     "https://acme.example/prefix",
		"HTTPS://acme.jfrog.io":             "https://acme.jfrog.io",
	}
	for raw, want := range cases {
		u, err := xray.ParseBaseURL(raw)
		if err != nil {
			t.Errorf("ParseBaseURL(%q): %v", raw, err)
			continue
		}
		if got := u.String(); got != want {
			t.Errorf("ParseBaseURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestParseBaseURLDoesNotEchoURLCredentials(t *testing.T) {
	const secret = "s3cr3t-url-password"
	for _, raw := range []string{
		"https://admin:" + secret + "@acme.jfrog.io",
		"ftp://admin:" + secret + "@acme.jfrog.io",
	} {
		_, err := xray.ParseBaseURL(raw)
		if err == nil {
			t.Fatalf("ParseBaseURL(%q) accepted credentials", raw)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error echoes the URL's password: %v", err)
		}
	}
}

func TestNewClientRejectsEmptyToken(t *testing.T) {
	for _, tok := range []string{"", "   ", "\n\t"} {
		c, err := xray.NewClient(xray.Config{URL: "https://acme.jfrog.io", AccessToken: tok})
		if err == nil {
			t.Fatalf("NewClient accepted token %q: %v", tok, c)
		}
		if !strings.Contains(err.Error(), "access token is empty") {
			t.Errorf("error %q does not name the empty access token", err)
		}
	}
}

func TestNewClientMakesNoRequest(t *testing.T) {
	srv := newTestServer(t, http.NotFoundHandler())
	newClient(t, srv.URL)
	if n := srv.count(); n != 0 {
		t.Errorf("NewClient sent %d requests, want 0", n)
	}
}

func TestRequestHeaders(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, pathStatus):
			reply(w, 200, `{"status":"HEALTHY_INTEGRATION","reason":"","time":"2024-05-01T10:00:00Z","integration_name":"jira-prod"}`)
		case r.Method == http.MethodGet:
			reply(w, 200, readJSON(sampleIntegration()))
		default:
			reply(w, 200, `{"info":"ok"}`)
		}
	}))
	c := newClient(t, srv.URL)
	ctx := context.Background()
	in := sampleIntegration()
	calls := []struct {
		name     string
		call     func() error
		hasBody  bool
		wantVerb string
	}{
		{"create", func() error { return c.CreateJiraIntegration(ctx, in, viaObserved) }, true, http.MethodPost},
		{"get", func() error { _, err := c.GetJiraIntegration(ctx, in.ConnectionName, viaObserved); return err }, false, http.MethodGet},
		{"update", func() error { return c.UpdateJiraIntegration(ctx, in, viaObserved) }, true, http.MethodPut},
		{"delete", func() error { return c.DeleteJiraIntegration(ctx, in.ConnectionName) }, false, http.MethodDelete},
		{"status", func() error { _, err := c.GetIntegrationStatus(ctx, in.ConnectionName); return err }, false, http.MethodGet},
		{"version", func() error { _, err := c.GetVersion(ctx); return err }, false, http.MethodGet},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.count()
			if err := tc.call(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			reqs := srv.requests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("%s sent %d requests, want 1", tc.name, len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.wantVerb {
				t.Errorf("method = %s, want %s", r.Method, tc.wantVerb)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
				t.Errorf("Authorization = %q, want a bearer token", got)
			}
			if got := r.Header.Get("User-Agent"); got != testAgent {
				t.Errorf("User-Agent = %q, want %q", got, testAgent)
			}
			if got := r.Header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q, want application/json", got)
			}
			ct := r.Header.Get("Content-Type")
			if tc.hasBody && ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if !tc.hasBody {
				if ct != "" {
					t.Errorf("Content-Type = %q on a request without a body", ct)
				}
				if len(r.Body) != 0 {
					t.Errorf("%s sent a body: %q", tc.name, r.Body)
				}
			}
		})
	}
}

func TestDefaultUserAgent(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"xray_version":"3.131.0","xray_revision":"abc"}`)
	}))
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.UserAgent = "" })
	if _, err := c.GetVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Header.Get("User-Agent"); got != "terraform-provider-xray" {
		t.Errorf("default User-Agent = %q, want terraform-provider-xray", got)
	}
}

func TestBaseURLWithPathPrefix(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/prefix" + pathIntegrations + "/jira-prod":
			reply(w, 200, readJSON(sampleIntegration()))
		case "/prefix" + pathVersion:
			reply(w, 200, `{"xray_version":"3.131.0","xray_revision":"r"}`)
		case "/prefix" + pathStatus:
			reply(w, 200, `{"status":"HEALTHY_INTEGRATION","integration_name":"jira-prod"}`)
		case "/prefix" + pathIntegrations:
			reply(w, 200, createdJSON)
		default:
			http.NotFound(w, r)
		}
	}))
	c := newClient(t, srv.URL+"/prefix/")
	ctx := context.Background()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod", viaObserved); err != nil {
		t.Errorf("get below /prefix/: %v", err)
	}
	if err := c.CreateJiraIntegration(ctx, sampleIntegration()); err != nil {
		t.Errorf("create below /prefix/: %v", err)
	}
	if _, err := c.GetIntegrationStatus(ctx, "jira-prod"); err != nil {
		t.Errorf("status below /prefix/: %v", err)
	}
	if _, err := c.GetVersion(ctx); err != nil {
		t.Errorf("version below /prefix/: %v", err)
	}
	for _, r := range srv.requests() {
		if !strings.HasPrefix(r.EscapedPath, "/prefix/xray/api/v1/") || strings.Contains(r.EscapedPath, "//") {
			t.Errorf("request path %q is not below /prefix/ with single slashes", r.EscapedPath)
		}
	}
}

func TestLoggerNeverSeesSecrets(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			reply(w, 400, `{"error":"We were not able to connect to your Jira based on the credentials you provided, please check all the values and try again."}`)
		case http.MethodPut:
			reply(w, 503, "")
		default:
			reply(w, 200, readJSON(sampleIntegration()))
		}
	}))
	log := &recLogger{}
	c := newClient(t, srv.URL, withLogger(log), withRetryMax(1))
	ctx := context.Background()
	_ = c.CreateJiraIntegration(ctx, sampleIntegration())
	_ = c.UpdateJiraIntegration(ctx, sampleIntegration(), viaObserved)
	_, _ = c.GetJiraIntegration(ctx, "jira-prod", viaObserved)
	if log.count(msgSending) != srv.count() {
		t.Errorf("logger saw %d attempts, server saw %d requests", log.count(msgSending), srv.count())
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.lines) == 0 {
		t.Fatal("the logger received nothing")
	}
	for _, line := range log.lines {
		assertNoSecrets(t, "log line", fmt.Sprintf("%s %v", line.Msg, line.Fields))
	}
}

// A token pasted with a trailing newline (common from secret stores and files) still works.
func TestAccessTokenIsTrimmed(t *testing.T) {
	srv := newTestServer(t, fixed(200, `{"connection_name":"x"}`))
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.AccessToken = " " + testToken + "\n" })
	if _, err := c.GetJiraIntegration(context.Background(), "x", viaObserved); err != nil {
		t.Fatalf("GetJiraIntegration: %v", err)
	}
	if got := srv.requests()[0].Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q, want the trimmed token", got)
	}
}

// Terraform runs operations ten at a time by default: wave after wave of parallel requests
// must reuse the keep-alive connections of the first wave, not open new ones.
func TestParallelRequestsReuseConnections(t *testing.T) {
	var opened atomic.Int32
	release := make(chan struct{})
	var inFlight atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if inFlight.Add(1) == parallel {
			close(release) // the whole wave is on the wire: let it finish together
		}
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"connection_name":"x"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := xray.NewClient(xray.Config{URL: srv.URL, AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	wave := func() {
		var wg sync.WaitGroup
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.GetJiraIntegration(context.Background(), "x", viaObserved); err != nil {
					t.Errorf("GetJiraIntegration: %v", err)
				}
			}()
		}
		wg.Wait()
	}
	// The first wave runs fully in parallel (the handler holds every request until all ten
	// have arrived), so ten connections exist; later waves find them idle.
	for range 4 {
		wave()
	}
	if got := opened.Load(); got != parallel {
		t.Errorf("%d connections opened for 4 waves of %d parallel requests, want %d (one per slot, reused)", got, parallel, parallel)
	}
}

const parallel = 10
