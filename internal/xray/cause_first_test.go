package xray_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// https:// against a plain-HTTP server cannot be cured by retrying: it fails at once, and the
// error says which side speaks what.
func TestHTTPSToAPlainHTTPServerFailsAtOnce(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { reply(w, 200, "{}") }))
	httpsURL := strings.Replace(srv.URL, "http://", "https://", 1)
	c := newClient(t, httpsURL, withRetryMax(6), func(cfg *xray.Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 300*time.Millisecond, time.Second
	})
	start := time.Now()
	_, err := c.GetJiraIntegration(context.Background(), "jira-prod")
	if elapsed := time.Since(start); elapsed > 250*time.Millisecond {
		t.Errorf("the TLS mismatch took %s: it was retried", elapsed)
	}
	if err == nil {
		t.Fatal("https:// to a plain-HTTP server succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"speaks plain HTTP", "https://", srv.Listener.Addr().String()} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	if !strings.HasPrefix(msg, "the server at ") {
		t.Errorf("error does not start with the cause: %s", msg)
	}
}

// A certificate failure starts with the certificate problem, not with "no answer from Xray".
func TestCertificateErrorSaysTheCauseFirst(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { reply(w, 200, "{}") }))
	t.Cleanup(srv.Close)
	srv.Config.ErrorLog = discardLog()
	c := newClient(t, srv.URL)
	_, err := c.GetJiraIntegration(context.Background(), "jira-prod")
	if err == nil || !xray.IsCertificateError(err) {
		t.Fatalf("untrusted server = %v, want a certificate error", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "TLS certificate problem: ") || !strings.Contains(msg, "x509") {
		t.Errorf("error does not start with the certificate problem: %s", msg)
	}
	_, err = xray.ExchangeOIDCToken(context.Background(), xray.Config{URL: srv.URL, RetryMax: -1}, "ci", "id-token")
	if msg := errString(err); !strings.HasPrefix(msg, "TLS certificate problem: ") || !strings.Contains(msg, `provider "ci"`) {
		t.Errorf("exchange error does not start with the certificate problem: %s", msg)
	}
}

// A URL without a scheme says to add https://, rather than url.Parse's "first path segment in
// URL cannot contain colon".
func TestURLWithoutSchemeSaysToAddHTTPS(t *testing.T) {
	for _, raw := range []string{"127.0.0.1:8081", "acme.jfrog.io", "acme.jfrog.io:443/artifactory"} {
		_, err := xray.ParseBaseURL(raw)
		msg := errString(err)
		if !strings.Contains(strings.ToLower(msg), "add https://") || !strings.Contains(msg, "https://"+raw) || strings.Contains(msg, "first path segment") {
			t.Errorf("ParseBaseURL(%q) = %s, want advice to add https://", raw, msg)
		}
	}
}

// A create whose answer was lost, after which Xray answers jira_server_url spelt differently (a
// trailing slash, upper case, the default port), is this apply's own integration, by the same
// URL equivalence as drift detection: not a conflict to import.
func TestCreateRecognisesItsOwnIntegrationDespiteARespelledURL(t *testing.T) {
	for _, respelt := range []string{"https://acme.atlassian.net/", "HTTPS://ACME.atlassian.net", "https://acme.atlassian.net:443"} {
		t.Run(respelt, func(t *testing.T) {
			var mu sync.Mutex
			var stored *xray.JiraIntegration
			srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				switch {
				case r.Method == http.MethodPost && stored == nil:
					var in xray.JiraIntegration
					_ = jsonUnmarshal(r, &in)
					in.JiraServerURL = respelt
					stored = &in
					reply(w, 503, "proxy timed out") // stored, answer lost
				case r.Method == http.MethodPost:
					reply(w, 400, `{"error":"Integration already exists"}`)
				case r.Method == http.MethodGet && stored != nil:
					reply(w, 200, readJSON(*stored))
				default:
					reply(w, 404, notFoundJSON)
				}
			}))
			c := newClient(t, srv.URL)
			if err := c.CreateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
				t.Fatalf("create of an integration Xray stored with jira_server_url %q = %v, want success", respelt, err)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
