package fakexray

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

const (
	jiraBase   = "/xray/api/v1/ticketing/jira-integrations"
	statusPath = "/xray/api/v1/ticketing/integrations/status/check"
)

type response struct {
	status int
	header http.Header
	body   string
}

// call sends one request with the given bearer token ("" for none) over a
// connection of its own, so a dropped connection is never retried.
func call(t *testing.T, srv *Server, method, path, token, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// admin sends a request with the admin token.
func admin(t *testing.T, srv *Server, method, path, body string) response {
	t.Helper()
	return call(t, srv, method, path, srv.AdminToken(), body)
}

// object decodes a JSON object body, failing the test if it is not one.
func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

// expect checks the status and, if non-empty, the JSON field value.
func (r response) expect(t *testing.T, status int, field, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d (body %q)", r.status, status, r.body)
	}
	if field == "" {
		return
	}
	if got := r.object(t)[field]; got != want {
		t.Fatalf("%s = %#v, want %q (body %q)", field, got, want, r.body)
	}
}

// expectPlain checks a plain-text answer from ServeMux, which a client uses
// to tell "no such route" from Xray's JSON errors.
func (r response) expectPlain(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d (body %q)", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("Content-Type = %q, want text/plain (body %q)", ct, r.body)
	}
	if json.Valid([]byte(r.body)) {
		t.Fatalf("body %q is JSON, want plain text", r.body)
	}
}

// body builds a create/update body from the valid defaults, with overrides;
// a nil override value removes the field.
func body(name string, overrides map[string]any) string {
	m := map[string]any{
		"connection_name":   name,
		"auth_type":         "basic",
		"username":          "jira-bot@example.com",
		"password":          "s3cret",
		"installation_type": "cloud",
		"jira_server_url":   "https://acme.atlassian.net",
		"skip_proxy":        false,
	}
	for k, v := range overrides {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func mustCreate(t *testing.T, srv *Server, name string, overrides map[string]any) {
	t.Helper()
	admin(t, srv, http.MethodPost, jiraBase, body(name, overrides)).expect(t, http.StatusOK, "info", MsgCreated)
}
