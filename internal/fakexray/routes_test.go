package fakexray

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUnknownRouteIsPlain404(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	admin(t, srv, http.MethodGet, "/xray/api/v2/nothing", "").expectPlain(t, http.StatusNotFound)
	// Routing comes before the token check: no token still gives the plain 404.
	call(t, srv, http.MethodGet, "/artifactory/api/system/ping", "", "").expectPlain(t, http.StatusNotFound)
	admin(t, srv, http.MethodPatch, jiraBase+"/x", "{}").expectPlain(t, http.StatusMethodNotAllowed)
}

func TestVersionGating(t *testing.T) {
	t.Parallel()
	t.Run("3.128 has no Jira routes", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t, WithVersion("3.128.1"))
		admin(t, srv, http.MethodPost, jiraBase, body("x", nil)).expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodGet, jiraBase+"/x/details", "").expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodGet, jiraBase+"/x", "").expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodPut, jiraBase, body("x", nil)).expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodDelete, jiraBase+"/x", "").expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodGet, statusPath+"?integrationName=x", "").expectPlain(t, http.StatusNotFound)
		admin(t, srv, http.MethodGet, "/xray/api/v1/system/version", "").expect(t, http.StatusOK, "xray_version", "3.128.1")
	})
	t.Run("3.135 has Jira routes but no status", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t, WithVersion("3.135.2"))
		mustCreate(t, srv, "x", nil)
		admin(t, srv, http.MethodGet, statusPath+"?integrationName=x", "").expectPlain(t, http.StatusNotFound)
	})
	t.Run("3.136 has status", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t, WithVersion("3.136"))
		admin(t, srv, http.MethodGet, statusPath+"?integrationName=x", "").expect(t, http.StatusOK, "status", StatusNotFound)
	})
}

func TestFlavourOnlyRoutes(t *testing.T) {
	t.Parallel()
	t.Run("documented", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t, WithFlavour(FlavourDocumented))
		mustCreate(t, srv, "x", nil)
		// GET /{name} shares its path with PUT and DELETE: 405 from ServeMux.
		res := admin(t, srv, http.MethodGet, jiraBase+"/x", "")
		res.expectPlain(t, http.StatusMethodNotAllowed)
		if allow := res.header.Get("Allow"); !strings.Contains(allow, "PUT") || !strings.Contains(allow, "DELETE") {
			t.Fatalf("Allow = %q", allow)
		}
		// PUT without a name shares its path with POST: 405.
		admin(t, srv, http.MethodPut, jiraBase, `{"connection_name":"x"}`).expectPlain(t, http.StatusMethodNotAllowed)
		admin(t, srv, http.MethodGet, jiraBase+"/x/details", "").expect(t, http.StatusOK, "connection_name", "x")
		admin(t, srv, http.MethodPut, jiraBase+"/x", `{"username":"y"}`).expect(t, http.StatusOK, "info", MsgUpdated)
	})
	t.Run("observed", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t, WithFlavour(FlavourObserved))
		mustCreate(t, srv, "x", nil)
		// No pattern has a /details segment at all: 404.
		admin(t, srv, http.MethodGet, jiraBase+"/x/details", "").expectPlain(t, http.StatusNotFound)
		// PUT /{name} shares its path with GET and DELETE: 405.
		admin(t, srv, http.MethodPut, jiraBase+"/x", `{"username":"y"}`).expectPlain(t, http.StatusMethodNotAllowed)
		admin(t, srv, http.MethodGet, jiraBase+"/x", "").expect(t, http.StatusOK, "connection_name", "x")
		admin(t, srv, http.MethodPut, jiraBase, `{"connection_name":"x","username":"y"}`).expect(t, http.StatusOK, "info", MsgUpdated)
	})
}

func TestStartRefusesBadOptions(t *testing.T) {
	t.Parallel()
	bad := map[string][]Option{
		"flavour":      {WithFlavour("sideways")},
		"version":      {WithVersion("latest")},
		"empty token":  {WithAdminToken("")},
		"latency":      {WithLatency(-time.Second)},
		"public addr":  {WithAddr("0.0.0.0:0")},
		"any addr":     {WithAddr(":0")},
		"garbage addr": {WithAddr("nope")},
	}
	for name, opts := range bad {
		if srv, err := Start(opts...); err == nil {
			srv.Close()
			t.Errorf("%s: Start succeeded", name)
		}
	}
	// New never fails: it falls back to defaults.
	srv := New(WithFlavour("sideways"), WithAdminToken(""))
	if srv.AdminToken() != DefaultAdminToken || srv.URL() != "" || srv.Close() != nil {
		t.Fatal("New fallback")
	}
}

func TestStartOnLocalhost(t *testing.T) {
	t.Parallel()
	srv, err := Start(WithAddr("localhost:0"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %q", srv.URL())
	}
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "").expect(t, http.StatusOK, "status", "pong")
}

func TestParseVersion(t *testing.T) {
	t.Parallel()
	good := map[string]version{"3.140.0": {3, 140, 0}, "3.129": {3, 129, 0}, "3.136.1-rc2": {3, 136, 1}}
	for s, want := range good {
		if got, err := parseVersion(s); err != nil || got != want {
			t.Errorf("parseVersion(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "3", "3.x", "3.1.2.3", "-1.2"} {
		if _, err := parseVersion(s); err == nil {
			t.Errorf("parseVersion(%q) succeeded", s)
		}
	}
	if !(version{3, 129, 0}).atLeast(minJiraVersion) || (version{3, 128, 9}).atLeast(minJiraVersion) || !(version{4, 0, 0}).atLeast(minStatusVersion) {
		t.Fatal("atLeast")
	}
}

func TestRouterStylesAnswerMissingRoutes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		style RouterStyle
		check func(t *testing.T, r response)
	}{
		{RouterGin, func(t *testing.T, r response) { r.expectPlain(t, http.StatusNotFound) }},
		{RouterXray, func(t *testing.T, r response) { r.expect(t, http.StatusNotFound, "error", "Not Found") }},
		{RouterPlatform, func(t *testing.T, r response) {
			r.expect(t, http.StatusNotFound, "", "")
			if !strings.Contains(r.body, `"errors"`) || !strings.Contains(r.body, `"status":404`) {
				t.Errorf("platform 404 body = %s", r.body)
			}
		}},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			t.Parallel()
			srv := NewTestServer(t, WithFlavour(FlavourDocumented), WithRouterStyle(tc.style))
			mustCreate(t, srv, "x", nil)
			// The observed read path is not served; PATCH is served nowhere (Go would say 405).
			tc.check(t, admin(t, srv, http.MethodGet, jiraBase+"/x", ""))
			tc.check(t, admin(t, srv, http.MethodPatch, jiraBase+"/x", "{}"))
			// Routes the server has are not affected.
			admin(t, srv, http.MethodGet, jiraBase+"/x/details", "").expect(t, http.StatusOK, "connection_name", "x")
		})
	}
	if _, err := Start(WithRouterStyle("nginx")); err == nil {
		t.Error("an unknown router style was accepted")
	}
}
