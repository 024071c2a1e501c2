package xray

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const testIDToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUifQ.c2lnbmF0dXJl"

func TestExchangeOIDCTokenSendsTheTokenExchangeRequest(t *testing.T) {
	var got map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/access/api/v1/oidc/token" {
			t.Errorf("request %s %s, want POST /access/api/v1/oidc/token", r.Method, r.URL.Path)
		}
		if h := r.Header.Get("Authorization"); h != "" {
			t.Errorf("the exchange sent Authorization %q; it needs none", h)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("body %q is not a JSON object of strings: %v", body, err)
		}
		_, _ = io.WriteString(w, `{"access_token":" exchanged \n","token_type":"Bearer","expires_in":3600,"issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}`)
	}))
	defer srv.Close()

	token, err := ExchangeOIDCToken(context.Background(), Config{URL: srv.URL + "/"}, "github", testIDToken)
	if err != nil || token != "exchanged" {
		t.Fatalf("ExchangeOIDCToken = %q, %v; want the trimmed access_token", token, err)
	}
	want := map[string]string{
		"grant_type":         "urn:ietf:params:oauth:grant-type:token-exchange",
		"subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
		"subject_token":      testIDToken, "provider_name": "github",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("body has %d fields, want %d: %v", len(got), len(want), got)
	}
}

func TestExchangeOIDCTokenErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"platform error shape", 401, `{"errors":[{"code":"UNAUTHORIZED","message":"bad token ` + testIDToken + `"}]}`, "HTTP 401: bad token [redacted]"},
		{"not JSON", 502, `<html>proxy error</html>`, "HTTP 502"},
		{"no access_token", 200, `{"token_type":"Bearer"}`, "the answer has no access_token"},
		{"malformed 200", 200, `{`, "the answer has no access_token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			_, err := ExchangeOIDCToken(context.Background(), Config{URL: srv.URL, RetryMax: -1}, "ci", testIDToken)
			var oidcErr *OIDCError
			if !errors.As(err, &oidcErr) || oidcErr.StatusCode != tc.status {
				t.Fatalf("error %v, want an *OIDCError with status %d", err, tc.status)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `provider "ci"`) {
				t.Errorf("error %q lacks %q or the provider name", err, tc.want)
			}
			if strings.Contains(err.Error(), testIDToken) {
				t.Errorf("the error echoes the ID token: %q", err)
			}
		})
	}
}

func TestExchangeOIDCTokenWithoutAnswer(t *testing.T) {
	_, err := ExchangeOIDCToken(context.Background(), Config{URL: "http://127.0.0.1:1", RetryMax: -1}, "ci", testIDToken)
	var oidcErr *OIDCError
	if !errors.As(err, &oidcErr) || oidcErr.StatusCode != 0 || !strings.Contains(err.Error(), "failed") {
		t.Fatalf("error %v, want an *OIDCError without status", err)
	}
}
