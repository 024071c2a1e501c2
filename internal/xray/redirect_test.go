package xray_test

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// elsewhere is a server a redirect points at. It records what reached it and answers every
// request as a successful Xray would, so that a client which followed the redirect would
// "succeed" there.
type elsewhere struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD path auth=… body=…"
}

func newElsewhere(t *testing.T) *elsewhere {
	t.Helper()
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 4096)
		n, _ := r.Body.Read(body)
		e.mu.Lock()
		e.requests = append(e.requests, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization")+" body="+string(body[:n]))
		e.mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/oidc/token"):
			reply(w, 200, `{"access_token":"token-from-elsewhere"}`)
		case strings.HasSuffix(r.URL.Path, "/system/version"):
			reply(w, 200, `{"xray_version":"3.140.0"}`)
		case r.Method == http.MethodGet:
			reply(w, 200, readJSON(sampleIntegration()))
		default:
			reply(w, 200, createdJSON)
		}
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *elsewhere) seen() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.requests...)
}

// redirecting answers every request with status and a Location on target, keeping the path.
func redirecting(status int, target string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", target+r.URL.Path)
		w.WriteHeader(status)
	})
}

// operations are the client's calls, each of which must refuse a redirect.
var operations = map[string]func(*xray.Client) error{
	"POST create": func(c *xray.Client) error { return c.CreateJiraIntegration(context.Background(), sampleIntegration()) },
	"PUT update":  func(c *xray.Client) error { return c.UpdateJiraIntegration(context.Background(), sampleIntegration()) },
	"GET read": func(c *xray.Client) error {
		_, err := c.GetJiraIntegration(context.Background(), "jira-prod")
		return err
	},
	"GET version": func(c *xray.Client) error {
		_, err := c.GetVersion(context.Background())
		return err
	},
}

// assertRefused checks that a redirected call failed, said why and what to do, and that nothing
// reached the redirect's target.
func assertRefused(t *testing.T, err error, status, location string, target *elsewhere) {
	t.Helper()
	if err == nil {
		t.Fatalf("a redirected request succeeded; the target saw %q", target.seen())
	}
	msg := err.Error()
	for _, want := range []string{"HTTP " + status, location, "follows no redirect", "Set the platform URL"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	assertNoSecrets(t, "redirect error", msg)
	if got := target.seen(); len(got) != 0 {
		t.Errorf("the redirect was followed: its target received %q", got)
	}
}

// An HTTPS platform that redirects to plain HTTP on the same host (another port) must not get the
// token and the Jira password resent in clear text: Go's default keeps Authorization then.
func TestRedirectFromHTTPSToHTTPOnTheSameHostIsRefused(t *testing.T) {
	plain := newElsewhere(t)
	for _, status := range []int{http.StatusMovedPermanently, http.StatusTemporaryRedirect} {
		tlsSrv := httptest.NewTLSServer(redirecting(status, plain.URL))
		ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})
		httpClient, err := xray.NewHTTPClient(xray.TLSOptions{CACertPEM: ca})
		if err != nil {
			t.Fatal(err)
		}
		c := newClient(t, tlsSrv.URL, func(cfg *xray.Config) { cfg.HTTPClient = httpClient })
		for name, op := range operations {
			t.Run(http.StatusText(status)+"/"+name, func(t *testing.T) {
				assertRefused(t, op(c), itoa(status), plain.URL, plain)
			})
		}
		tlsSrv.Close()
	}
}

// A redirect to another host is refused for every method and status: a 307 or 308 would resend
// the body with the Jira password, and a 301, 302 or 303 would turn the create into a GET that
// "succeeds" although nothing was stored.
func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	other := newElsewhere(t)
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for _, status := range []int{301, 302, 303, 307, 308} {
		srv := newTestServer(t, redirecting(status, target))
		c := newClient(t, srv.URL)
		for name, op := range operations {
			t.Run(itoa(status)+"/"+name, func(t *testing.T) {
				assertRefused(t, op(c), itoa(status), target, other)
			})
		}
	}
}

// Same-origin redirects are not followed either (DESIGN.md, "Redirects"): Xray's API never
// redirects, and a POST turned into a GET would look like a successful create. The error names
// the platform URL to configure when the new address keeps the API path.
func TestSameOriginRedirectIsRefusedAndNamesTheNewBaseURL(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/jfrog/") {
			reply(w, 200, createdJSON)
			return
		}
		w.Header().Set("Location", "/jfrog"+r.URL.Path+"?session=s3cr3t-session")
		w.WriteHeader(http.StatusFound)
	}))
	c := newClient(t, srv.URL)
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	if err == nil {
		t.Fatal("a create redirected on the same origin succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"HTTP 302", srv.URL + "/jfrog" + pathIntegrations, "the provider's url", "new address, " + srv.URL + "/jfrog,"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "s3cr3t-session") {
		t.Errorf("the error shows the Location's query: %s", msg)
	}
	if n := srv.countPath(http.MethodGet, "/jfrog"+pathIntegrations); n != 0 || srv.count() != 1 {
		t.Errorf("the server saw %d requests (%d at the new address), want only the redirected POST", srv.count(), n)
	}
}

// The OIDC token exchange does not send the CI's ID token to the host a redirect names, and does
// not accept a token from there.
func TestOIDCExchangeRedirectIsRefused(t *testing.T) {
	other := newElsewhere(t)
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for _, status := range []int{302, 307, 308} {
		srv := newTestServer(t, redirecting(status, target))
		token, err := xray.ExchangeOIDCToken(context.Background(), xray.Config{URL: srv.URL, RetryMax: -1}, "ci", "id-token-SECRET")
		if err == nil || token != "" {
			t.Fatalf("a redirected exchange gave %q, %v; want an error", token, err)
		}
		for _, want := range []string{"HTTP " + itoa(status), target, "follows no redirect"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q: %s", want, err)
			}
		}
		if strings.Contains(err.Error(), "id-token-SECRET") {
			t.Errorf("the error shows the ID token: %s", err)
		}
	}
	if got := other.seen(); len(got) != 0 {
		t.Errorf("the exchange followed the redirect: %q", got)
	}
}

// A caller's own HTTP client does not bring Go's redirect policy back.
func TestCallersHTTPClientDoesNotFollowRedirects(t *testing.T) {
	other := newElsewhere(t)
	srv := newTestServer(t, redirecting(http.StatusTemporaryRedirect, other.URL))
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.HTTPClient = &http.Client{} })
	assertRefused(t, c.UpdateJiraIntegration(context.Background(), sampleIntegration()), "307", other.URL, other)
}

func itoa(n int) string { return strconv.Itoa(n) }

// The HTTP client NewHTTPClient builds for callers (the provider's, and the one it uses for
// GitHub's ID-token endpoint) refuses redirects by itself, too.
func TestNewHTTPClientRefusesRedirects(t *testing.T) {
	other := newElsewhere(t)
	srv := newTestServer(t, redirecting(http.StatusFound, other.URL))
	httpClient, err := xray.NewHTTPClient(xray.TLSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := httpClient.Get(srv.URL + "/anything")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusFound || len(other.seen()) != 0 {
		t.Errorf("NewHTTPClient's client followed the redirect: status %d, target saw %q", resp.StatusCode, other.seen())
	}
}
