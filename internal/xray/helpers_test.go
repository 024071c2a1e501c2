package xray_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// Secrets that must never show up in an error string or a log line.
const (
	testToken    = "tok-SECRET-7f3a9c"
	testPassword = "pw-SECRET-hunter2"
	testAgent    = "terraform-provider-xray/9.9.9 (tests)"
)

// Paths from the API description in DESIGN.md.
const (
	pathIntegrations = "/xray/api/v1/ticketing/jira-integrations"
	pathStatus       = "/xray/api/v1/ticketing/integrations/status/check"
	pathVersion      = "/xray/api/v1/system/version"
)

// sampleIntegration is a valid create body; SkipProxy is false on purpose (it must be sent anyway).
func sampleIntegration() xray.JiraIntegration {
	return xray.JiraIntegration{
		ConnectionName:   "jira-prod",
		AuthType:         "basic",
		Username:         "svc-xray@acme.example",
		Password:         testPassword,
		InstallationType: "cloud",
		JiraServerURL:    "https://acme.atlassian.net",
		SkipProxy:        false,
	}
}

// readJSON is the body Xray answers a read with: the integration without its password.
func readJSON(in xray.JiraIntegration) string {
	in.Password = ""
	b, err := json.Marshal(map[string]any{
		"connection_name":   in.ConnectionName,
		"auth_type":         in.AuthType,
		"username":          in.Username,
		"installation_type": in.InstallationType,
		"jira_server_url":   in.JiraServerURL,
		"skip_proxy":        in.SkipProxy,
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// recorded is one request as the server saw it.
type recorded struct {
	Method      string
	Path        string // decoded
	EscapedPath string // as sent on the wire
	Query       string
	Header      http.Header
	Body        []byte
}

// testServer is an httptest server that records every request before handing it to handler.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newTestServer(t testing.TB, handler http.Handler) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(),
			Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
		})
		s.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

func (s *testServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// countWithin waits up to d for the server to have seen want requests (a call may leave one in
// flight that it does not wait for) and returns how many it saw.
func (s *testServer) countWithin(want int, d time.Duration) int {
	for deadline := time.Now().Add(d); s.count() < want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	return s.count()
}

// countPath counts requests with this method and decoded path.
func (s *testServer) countPath(method, path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// newClient builds a client with tiny retry waits so that retry tests stay fast.
func newClient(t testing.TB, url string, mods ...func(*xray.Config)) *xray.Client {
	t.Helper()
	cfg := xray.Config{
		URL:            url,
		AccessToken:    testToken,
		UserAgent:      testAgent,
		RequestTimeout: 5 * time.Second,
		RetryMax:       3,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := xray.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func withRetryMax(n int) func(*xray.Config) { return func(c *xray.Config) { c.RetryMax = n } }

func withLogger(l xray.Logger) func(*xray.Config) { return func(c *xray.Config) { c.Logger = l } }

// reply writes a JSON (or any) body with a status.
func reply(w http.ResponseWriter, status int, body string) {
	if strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

const (
	notFoundJSON = `{"error":"Integration not found"}`
	createdJSON  = `{"info":"Integration has been successfully created"}`
	updatedJSON  = `{"info":"Integration has been successfully updated"}`
)

// logLine is one call to the Logger.
type logLine struct {
	Msg    string
	Fields map[string]any
}

// recLogger records log lines.
type recLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *recLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	l.lines = append(l.lines, logLine{Msg: msg, Fields: fields})
	l.mu.Unlock()
}

func (l *recLogger) count(msg string) int { //nolint:unparam // any message may be counted
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if line.Msg == msg {
			n++
		}
	}
	return n
}

// msgSending is the line the client logs for each attempt.
const msgSending = "Xray API request"

// assertNoSecrets fails when s contains the password or the access token.
func assertNoSecrets(t testing.TB, what, s string) {
	t.Helper()
	for _, secret := range []string{testPassword, testToken} {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks a secret (%q): %s", what, secret, s)
		}
	}
}

// bodyFields decodes a JSON request body into a generic map.
func bodyFields(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("request body is not a JSON object: %v: %s", err, body)
	}
	return m
}

func fmtV(v any) string     { return fmt.Sprintf("%v", v) }
func fmtPlusV(v any) string { return fmt.Sprintf("%+v", v) }
func fmtS(v any) string     { return fmt.Sprintf("%s", v) }

// jsonUnmarshal decodes a request body inside a handler.
func jsonUnmarshal(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// viaObserved makes a read or update go to the observed route alone, as it does once the
// provider's private state names that route: tests of the transport, of statuses and of request
// shapes count one request's attempts, not the two that a discovery asks at once.
var viaObserved = xray.Via(xray.RouteObserved)
