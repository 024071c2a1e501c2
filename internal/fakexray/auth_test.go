package fakexray

import (
	"net/http"
	"testing"
)

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "a", nil)
	paths := []struct{ method, path string }{
		{http.MethodGet, "/xray/api/v1/system/version"},
		{http.MethodGet, jiraBase + "/a/details"},
		{http.MethodPost, jiraBase},
		{http.MethodDelete, jiraBase + "/a"},
	}
	for _, p := range paths {
		for _, token := range []string{"", "wrong-token"} {
			res := call(t, srv, p.method, p.path, token, "")
			if res.status != http.StatusUnauthorized || res.body != unauthorizedBody {
				t.Fatalf("%s %s with token %q: %d %q", p.method, p.path, token, res.status, res.body)
			}
		}
	}
	// Basic auth with the right token as password is not a bearer token.
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+jiraBase+"/a", nil)
	req.SetBasicAuth("admin", srv.AdminToken())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("basic auth: %d", res.StatusCode)
	}
	if _, ok := srv.Integration("a"); !ok {
		t.Fatal("unauthorized delete removed the integration")
	}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/xray/api/v1/system/ping", nil)
	req.Header.Set("Authorization", "bearer "+srv.AdminToken())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("lower-case scheme: %d", res.StatusCode)
	}
}

func TestNonAdminIsForbiddenOnTicketing(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithAdminToken("root"), WithReaderToken("viewer"))
	mustCreate(t, srv, "f", nil)
	requests := []struct{ method, path, body string }{
		{http.MethodPost, jiraBase, body("g", nil)},
		{http.MethodGet, jiraBase + "/f/details", ""},
		{http.MethodGet, jiraBase + "/f", ""},
		{http.MethodPut, jiraBase + "/f", `{"username":"x"}`},
		{http.MethodPut, jiraBase, `{"connection_name":"f","username":"x"}`},
		{http.MethodDelete, jiraBase + "/f", ""},
		{http.MethodGet, statusPath + "?integrationName=f", ""},
	}
	for _, r := range requests {
		call(t, srv, r.method, r.path, "viewer", r.body).expect(t, http.StatusForbidden, "error", MsgForbidden)
	}
	if in, _ := srv.Integration("f"); in.Username != "jira-bot@example.com" {
		t.Fatalf("forbidden update changed the record: %+v", in)
	}
	if _, ok := srv.Integration("g"); ok {
		t.Fatal("forbidden create stored an integration")
	}
	// System endpoints accept any valid token.
	call(t, srv, http.MethodGet, "/xray/api/v1/system/version", "viewer", "").expect(t, http.StatusOK, "xray_version", DefaultVersion)
	call(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "viewer", "").expect(t, http.StatusOK, "status", "pong")
	// The default admin token is no longer valid once replaced.
	call(t, srv, http.MethodGet, "/xray/api/v1/system/ping", DefaultAdminToken, "").expect(t, http.StatusUnauthorized, "", "")
}
