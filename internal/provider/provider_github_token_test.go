package provider

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

const testRequestToken = "actions-request-SECRET-3b1f"

// fastRetries is the API client's policy with short waits, so that the tests stay fast.
var fastRetries = xray.Config{RequestTimeout: 300 * time.Millisecond, RetryMax: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond}

func TestGitHubIDTokenAddsTheAudienceAndBearsTheRequestToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("api-version") != "2.0" || r.URL.Query().Get("audience") != "jfrog x" {
			t.Errorf("query %q, want the original api-version and audience=jfrog x", r.URL.RawQuery)
		}
		if r.Header.Get("Authorization") != "Bearer "+testRequestToken {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"message":"bad request token"}`)
			return
		}
		_, _ = io.WriteString(w, `{"count":1,"value":"the-id-token"}`)
	}))
	t.Cleanup(srv.Close)
	token, err := gitHubIDToken(context.Background(), fastRetries, srv.URL+"/idtoken?api-version=2.0", testRequestToken, "jfrog x")
	if err != nil || token != "the-id-token" {
		t.Fatalf("gitHubIDToken = %q, %v", token, err)
	}
	_, err = gitHubIDToken(context.Background(), fastRetries, srv.URL+"/idtoken?api-version=2.0", "wrong", "jfrog x")
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "id-token: write") {
		t.Errorf("a refused request gave %v, want HTTP 401 and the permission hint", err)
	}
}

// A stalled endpoint cannot hang Configure: each attempt has the request timeout, and a timed-out
// attempt is not repeated (as for Xray's API).
func TestGitHubIDTokenTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(func() { close(release); srv.Close() })
	start := time.Now()
	_, err := gitHubIDToken(context.Background(), fastRetries, srv.URL+"/idtoken", testRequestToken, "")
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("a stalled endpoint held the request for %s", elapsed)
	}
	if err == nil || !strings.Contains(err.Error(), "request timeout") || !strings.Contains(err.Error(), "GitHub Actions") {
		t.Errorf("a stalled endpoint gave %v, want a timeout naming GitHub Actions", err)
	}
}

// A redirect is not followed: the request token goes to GitHub's endpoint or nowhere.
func TestGitHubIDTokenRefusesRedirects(t *testing.T) {
	var reached bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached = true
		_, _ = io.WriteString(w, `{"value":"token-from-elsewhere"}`)
	}))
	t.Cleanup(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	token, err := gitHubIDToken(context.Background(), fastRetries, srv.URL+"/idtoken", testRequestToken, "")
	if err == nil || token != "" || reached {
		t.Fatalf("a redirected request gave %q, %v (target reached: %t); want an error and nothing sent", token, err, reached)
	}
	if !strings.Contains(err.Error(), "redirect (HTTP 307)") || strings.Contains(err.Error(), testRequestToken) {
		t.Errorf("error %q should name the redirect and never the request token", err)
	}
}
