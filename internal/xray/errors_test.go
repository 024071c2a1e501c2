package xray_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// fixed answers every request with one status and body.
func fixed(status int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, status, body) })
}

func TestStatusCodesOnRead(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		wantIn []string
	}{
		{name: "400 xray error", status: 400, body: `{"error":"connection_name is required"}`,
			wantIn: []string{"HTTP 400", "connection_name is required"}},
		{name: "401 platform errors", status: 401,
			body:   `{"errors":[{"code":"UNAUTHORIZED","message":"Bad credentials"},{"code":"X","message":"token expired"}]}`,
			wantIn: []string{"HTTP 401", "Bad credentials", "token expired"}},
		{name: "403 forbidden", status: 403, body: `{"error":"Forbidden: the user is not an Xray admin"}`,
			wantIn: []string{"HTTP 403", "not an Xray admin"}},
		{name: "500 failed", status: 500, body: `{"error":"Failed to get integration"}`,
			wantIn: []string{"HTTP 500", "Failed to get integration"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, fixed(tc.status, tc.body))
			c := newClient(t, srv.URL)
			got, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
			if err == nil {
				t.Fatalf("HTTP %d read = %+v, want an error", tc.status, got)
			}
			if got != nil {
				t.Errorf("an error came with a value: %+v", got)
			}
			for _, s := range tc.wantIn {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if xray.StatusCode(err) != tc.status {
				t.Errorf("StatusCode = %d, want %d", xray.StatusCode(err), tc.status)
			}
			if errors.Is(err, xray.ErrNotFound) || errors.Is(err, xray.ErrRouteMissing) {
				t.Errorf("an Xray answer was taken for a missing route: %v", err)
			}
			// None of these is retried, nor sends the read down the other path flavour,
			// nor asks for the version.
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

func TestStatusCodesOnEveryCall(t *testing.T) {
	type call struct {
		name string
		do   func(c *xray.Client) error
	}
	ctx := context.Background()
	calls := []call{
		{"create", func(c *xray.Client) error { return c.CreateJiraIntegration(ctx, sampleIntegration()) }},
		{"get", func(c *xray.Client) error { _, err := c.GetJiraIntegration(ctx, "jira-prod", viaObserved); return err }},
		{"update", func(c *xray.Client) error { return c.UpdateJiraIntegration(ctx, sampleIntegration(), viaObserved) }},
		{"delete", func(c *xray.Client) error { return c.DeleteJiraIntegration(ctx, "jira-prod") }},
		{"status", func(c *xray.Client) error { _, err := c.GetIntegrationStatus(ctx, "jira-prod"); return err }},
	}
	// 404 is left to the tests of route discovery: it is not an answer by itself.
	for _, status := range []int{400, 401, 403, 500} {
		for _, cl := range calls {
			t.Run(fmt.Sprintf("%s/%d", cl.name, status), func(t *testing.T) {
				srv := newTestServer(t, fixed(status, `{"error":"xray says no"}`))
				err := cl.do(newClient(t, srv.URL))
				if xray.StatusCode(err) != status || !strings.Contains(fmt.Sprint(err), "xray says no") {
					t.Fatalf("error = %v, want HTTP %d with Xray's message", err, status)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", status)) {
					t.Errorf("error %q does not show the status", err)
				}
				if errors.Is(err, xray.ErrNotFound) || errors.Is(err, xray.ErrRouteMissing) {
					t.Errorf("HTTP %d taken for a missing integration or route: %v", status, err)
				}
				// A refused create also reads the name, to tell a taken one; here the read
				// fails alike and explains nothing.
				want := 1
				if cl.name == "create" && (status == 400 || status == 500) {
					want = 3 // the POST, then a read on both routes
				}
				if srv.count() != want {
					t.Errorf("server saw %d requests, want %d (no retry, no version)", srv.count(), want)
				}
				assertNoSecrets(t, "error", err.Error())
			})
		}
	}
}

func TestPlainNotFoundAndMethodNotAllowedMeanRouteMissing(t *testing.T) {
	cases := map[string]http.Handler{
		"plain 404": http.NotFoundHandler(),
		"405": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		}),
		"html 404": fixed(404, "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"),
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t, h)
			c := newClient(t, srv.URL)
			ctx := context.Background()
			errs := map[string]error{"delete": c.DeleteJiraIntegration(ctx, "jira-prod")}
			_, errs["get"] = c.GetJiraIntegration(ctx, "jira-prod", viaObserved)
			errs["update"] = c.UpdateJiraIntegration(ctx, sampleIntegration(), viaObserved)
			errs["create"] = c.CreateJiraIntegration(ctx, sampleIntegration())
			_, errs["status"] = c.GetIntegrationStatus(ctx, "jira-prod")
			for call, err := range errs {
				if !errors.Is(err, xray.ErrRouteMissing) {
					t.Errorf("%s: %v, want ErrRouteMissing", call, err)
				}
				if errors.Is(err, xray.ErrNotFound) {
					t.Errorf("%s: a missing route was taken for a missing integration: %v", call, err)
				}
				var ve *xray.VersionError
				if errors.As(err, &ve) {
					t.Errorf("%s: a version error without any version: %v", call, err)
				}
			}
		})
	}
}

func TestServerErrorIsNotRetried(t *testing.T) {
	srv := newTestServer(t, fixed(500, `{"error":"Failed to create integration"}`))
	c := newClient(t, srv.URL, withRetryMax(4))
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	if xray.StatusCode(err) != 500 || !strings.Contains(err.Error(), "Failed to create integration") {
		t.Fatalf("create = %v, want Xray's 500", err)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 1 {
		t.Errorf("a 500 was sent %d times, want exactly once (repeating a create could double it)", n)
	}
}

func TestStatusCodeOfOtherErrors(t *testing.T) {
	if got := xray.StatusCode(nil); got != 0 {
		t.Errorf("StatusCode(nil) = %d", got)
	}
	if got := xray.StatusCode(errors.New("x")); got != 0 {
		t.Errorf("StatusCode(plain error) = %d", got)
	}
	srv := newTestServer(t, fixed(409, `{"error":"conflict"}`))
	_, err := newClient(t, srv.URL).GetIntegrationStatus(context.Background(), "x")
	wrapped := fmt.Errorf("reading: %w", err)
	if got := xray.StatusCode(wrapped); got != 409 {
		t.Errorf("StatusCode(wrapped 409) = %d", got)
	}
}

// ---- malformed bodies ----

func TestNonJSONSuccessOnRead(t *testing.T) {
	for name, body := range map[string]string{
		"text":       "OK",
		"html":       "<html><head><title>Welcome to nginx!</title></head><body>...</body></html>",
		"truncated":  `{"connection_name":"jira-prod","auth_type":"bas`,
		"empty":      "",
		"wrong type": `{"connection_name":"jira-prod","skip_proxy":"yes","status":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t, fixed(200, body))
			c := newClient(t, srv.URL)
			got, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
			if err == nil {
				t.Fatalf("read of a 200 %q = %+v, want an error", body, got)
			}
			if got != nil {
				t.Errorf("an error came with a value: %+v", got)
			}
			if !strings.Contains(err.Error(), "HTTP 200") || !strings.Contains(err.Error(), "not the expected JSON") {
				t.Errorf("error %q does not explain the unexpected 200 body", err)
			}
			st, err := c.GetIntegrationStatus(context.Background(), "jira-prod")
			if err == nil || st != nil {
				t.Errorf("status of a 200 %q = %+v, %v; want only an error", body, st, err)
			}
		})
	}
}

func TestProxyHTMLErrorPageIsSummarised(t *testing.T) {
	page := `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>
     502 Bad Gateway &amp; friends
  </title>
  <style>body { font-family: sans-serif; } ` + strings.Repeat(".x{color:red}", 200) + `</style>
</head>
<body><h1>502 Bad Gateway</h1><p>` + strings.Repeat("The upstream server is unreachable. ", 100) + `</p>
<hr><center>nginx/1.25.3</center></body></html>`
	srv := newTestServer(t, fixed(502, page))
	c := newClient(t, srv.URL, withRetryMax(-1))
	_, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "HTTP 502") || !strings.Contains(msg, "502 Bad Gateway & friends") {
		t.Errorf("error %q does not show the status and the page title", msg)
	}
	if strings.ContainsAny(msg, "<>\n") || len(msg) > 300 {
		t.Errorf("error is not one short line (%d bytes): %q", len(msg), msg)
	}
}

func TestHTMLWithoutTitleAndLongTextAreShortened(t *testing.T) {
	for name, body := range map[string]string{
		"html no title": "<html><body><h1>Bad</h1>" + strings.Repeat("<p>gateway &lt;down&gt;</p>", 500) + "</body></html>",
		"long text":     strings.Repeat("upstream connect error or disconnect/reset before headers. ", 200),
	} {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t, fixed(503, body))
			_, err := newClient(t, srv.URL, withRetryMax(-1)).GetIntegrationStatus(context.Background(), "x")
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "HTTP 503") || len(msg) > 400 || strings.Contains(msg, "<p>") {
				t.Errorf("error is not a short summary (%d bytes): %q", len(msg), msg)
			}
		})
	}
}

func TestEmptyErrorBody(t *testing.T) {
	srv := newTestServer(t, fixed(403, ""))
	err := newClient(t, srv.URL).DeleteJiraIntegration(context.Background(), "jira-prod")
	if err == nil || !strings.Contains(err.Error(), "HTTP 403") || !strings.Contains(err.Error(), "(empty response body)") {
		t.Errorf("error = %v, want HTTP 403 with (empty response body)", err)
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	const limit = 1 << 20
	big := `{"connection_name":"jira-prod","username":"` + strings.Repeat("a", limit) + `"}`
	for _, status := range []int{200, 500} {
		srv := newTestServer(t, fixed(status, big))
		got, err := newClient(t, srv.URL).GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
		if err == nil || got != nil {
			t.Fatalf("HTTP %d with a %d-byte body = %+v, %v; want a refusal", status, len(big), got, err)
		}
		if !strings.Contains(err.Error(), "larger than") || len(err.Error()) > 300 {
			t.Errorf("HTTP %d: error %q does not say the body was too large, briefly", status, err)
		}
	}
	// An answer just below the limit is still read.
	pad := limit - len(`{"connection_name":"jira-prod","username":""}`)
	ok := `{"connection_name":"jira-prod","username":"` + strings.Repeat("a", pad) + `"}`
	srv := newTestServer(t, fixed(200, ok))
	got, err := newClient(t, srv.URL).GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	if err != nil || len(got.Username) != pad {
		t.Errorf("a %d-byte answer was not read: %v", len(ok), err)
	}
}

// ---- secrets ----

func TestNoErrorLeaksSecrets(t *testing.T) {
	ctx := context.Background()
	in := sampleIntegration()
	var errs []error
	collect := func(err error) {
		t.Helper()
		if err == nil {
			t.Errorf("expected an error")
			return
		}
		errs = append(errs, err)
	}

	// Xray rejecting create and update.
	for _, body := range []string{
		`{"error":"We were not able to connect to your Jira based on the credentials you provided, please check all the values and try again."}`,
		`{"errors":[{"code":"UNAUTHORIZED","message":"Bad credentials"}]}`,
		"<html><title>400 Bad Request</title></html>",
		"",
	} {
		srv := newTestServer(t, fixed(400, body))
		c := newClient(t, srv.URL)
		collect(c.CreateJiraIntegration(ctx, in))
		collect(c.UpdateJiraIntegration(ctx, in, viaObserved))
	}
	// 401/403/500, 502 after retries, malformed 200.
	for _, st := range []int{401, 403, 500, 502} {
		srv := newTestServer(t, fixed(st, `{"error":"nope"}`))
		c := newClient(t, srv.URL, withRetryMax(1))
		collect(c.CreateJiraIntegration(ctx, in))
		collect(c.UpdateJiraIntegration(ctx, in, viaObserved))
		_, err := c.GetJiraIntegration(ctx, in.ConnectionName, viaObserved)
		collect(err)
	}
	{
		srv := newTestServer(t, fixed(200, "not json"))
		_, err := newClient(t, srv.URL).GetJiraIntegration(ctx, in.ConnectionName, viaObserved)
		collect(err)
	}
	// Conflict after a lost create.
	other := in
	other.Username = "other"
	collect(newClient(t, flakyCreateServer(t, &other, false).URL).CreateJiraIntegration(ctx, in))
	// Old Xray.
	collect(newClient(t, oldXrayServer(t, "3.128.0").URL).CreateJiraIntegration(ctx, in))
	// Transport errors: refused, and a timeout.
	refused := closedURL(t)
	c := newClient(t, refused, withRetryMax(1))
	collect(c.CreateJiraIntegration(ctx, in))
	collect(c.UpdateJiraIntegration(ctx, in, viaObserved))
	slow := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	c = newClient(t, slow.URL, func(cfg *xray.Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	collect(c.CreateJiraIntegration(ctx, in))
	// A token that cannot be put in a header (a newline inside it; a trailing one is trimmed).
	srv := newTestServer(t, fixed(200, createdJSON))
	bad, err := xray.NewClient(xray.Config{URL: srv.URL, AccessToken: testToken[:4] + "\n" + testToken[4:], RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err == nil {
		_, err = bad.GetJiraIntegration(ctx, "x", viaObserved)
	}
	collect(err)

	for _, err := range errs {
		assertNoSecrets(t, "error", err.Error())
		assertNoSecrets(t, "error (%+v)", fmt.Sprintf("%+v", err))
	}
}

// closedURL is the URL of a listener that has been closed: connections are refused.
func closedURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}
