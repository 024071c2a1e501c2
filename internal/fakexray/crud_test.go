package fakexray

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestCreateThenReadEachFlavour(t *testing.T) {
	t.Parallel()
	cases := []struct {
		flavour Flavour
		reads   []string // read path suffixes that must work
	}{
		{FlavourDocumented, []string{"/details"}},
		{FlavourObserved, []string{""}},
		{FlavourBoth, []string{"/details", ""}},
	}
	for _, tc := range cases {
		t.Run(string(tc.flavour), func(t *testing.T) {
			t.Parallel()
			srv := NewTestServer(t, WithFlavour(tc.flavour))
			mustCreate(t, srv, "cloud ABC", map[string]any{"skip_proxy": true})
			for _, suffix := range tc.reads {
				res := admin(t, srv, http.MethodGet, jiraBase+"/"+url.PathEscape("cloud ABC")+suffix, "")
				res.expect(t, http.StatusOK, "connection_name", "cloud ABC")
				got := res.object(t)
				want := map[string]any{
					"connection_name":   "cloud ABC",
					"auth_type":         "basic",
					"username":          "jira-bot@example.com",
					"installation_type": "cloud",
					"jira_server_url":   "https://acme.atlassian.net",
					"skip_proxy":        true,
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("read%s = %v, want %v (no password)", suffix, got, want)
				}
			}
			stored, ok := srv.Integration("cloud ABC")
			if !ok || stored.Password != "s3cret" {
				t.Fatalf("Integration() = %+v, %v; want the password Xray received", stored, ok)
			}
		})
	}
}

func TestCreateDefaultsSkipProxyToFalse(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "c", map[string]any{"skip_proxy": nil})
	if in, _ := srv.Integration("c"); in.SkipProxy {
		t.Fatal("skip_proxy defaulted to true")
	}
}

func TestReadMissingIsJSON404(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, suffix := range []string{"/details", ""} {
		admin(t, srv, http.MethodGet, jiraBase+"/nope"+suffix, "").expect(t, http.StatusNotFound, "error", MsgNotFound)
	}
}

func TestDuplicateCreate(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "dup", nil)
	admin(t, srv, http.MethodPost, jiraBase, body("dup", map[string]any{"username": "other"})).
		expect(t, http.StatusBadRequest, "error", "Integration with name 'dup' already exists")
	if in, _ := srv.Integration("dup"); in.Username != "jira-bot@example.com" {
		t.Fatalf("duplicate create changed the stored record: %+v", in)
	}
}

func TestJiraUnreachable(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, u := range []string{"https://jira.invalid", "http://JIRA.Example.INVALID:8080/path", "https://x.invalid."} {
		admin(t, srv, http.MethodPost, jiraBase, body("u", map[string]any{"jira_server_url": u})).
			expect(t, http.StatusBadRequest, "error", MsgJiraUnreachable)
	}
	if _, ok := srv.Integration("u"); ok {
		t.Fatal("unreachable integration was stored")
	}
	// "invalid" as a label elsewhere in the name is a real host.
	mustCreate(t, srv, "ok", map[string]any{"jira_server_url": "https://invalid.example.com"})
}

func TestPartialUpdate(t *testing.T) {
	t.Parallel()
	for _, flavour := range []string{"documented", "observed"} {
		t.Run(flavour, func(t *testing.T) {
			t.Parallel()
			srv := NewTestServer(t)
			mustCreate(t, srv, "p", map[string]any{"skip_proxy": true, "installation_type": "server"})
			put := func(fields string) response {
				if flavour == "documented" {
					return admin(t, srv, http.MethodPut, jiraBase+"/p", "{"+fields+"}")
				}
				return admin(t, srv, http.MethodPut, jiraBase, `{"connection_name":"p"`+commaIf(fields)+fields+"}")
			}

			// Only the username changes; a missing skip_proxy keeps true.
			put(`"username":"new-user"`).expect(t, http.StatusOK, "info", MsgUpdated)
			in, _ := srv.Integration("p")
			want := JiraIntegration{ConnectionName: "p", AuthType: "basic", Username: "new-user", Password: "s3cret",
				InstallationType: "server", JiraServerURL: "https://acme.atlassian.net", SkipProxy: true}
			if in != want {
				t.Fatalf("after username update: %+v, want %+v", in, want)
			}

			// An explicit false is a change, not an absence.
			put(`"skip_proxy":false,"password":"rotated"`).expect(t, http.StatusOK, "info", MsgUpdated)
			in, _ = srv.Integration("p")
			if in.SkipProxy || in.Password != "rotated" || in.Username != "new-user" {
				t.Fatalf("after skip_proxy=false: %+v", in)
			}

			// null counts as absent.
			put(`"username":null`).expect(t, http.StatusOK, "info", MsgUpdated)
			if in, _ = srv.Integration("p"); in.Username != "new-user" {
				t.Fatalf("null changed username: %+v", in)
			}
		})
	}
}

func commaIf(s string) string {
	if s == "" {
		return ""
	}
	return ","
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "e", nil)
	cases := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"missing documented", http.MethodPut, jiraBase + "/ghost", `{"username":"x"}`, 404, MsgNotFound},
		{"missing observed", http.MethodPut, jiraBase, `{"connection_name":"ghost"}`, 404, MsgNotFound},
		{"rename", http.MethodPut, jiraBase + "/e", `{"connection_name":"other"}`, 400,
			"field 'connection_name' ('other') does not match the integration 'e' in the path: renaming is not possible"},
		{"observed without name", http.MethodPut, jiraBase, `{"username":"x"}`, 400, "field 'connection_name' is required"},
		{"bad auth_type", http.MethodPut, jiraBase + "/e", `{"auth_type":"oauth2"}`, 400, "invalid auth_type 'oauth2': only 'basic' is supported"},
		{"empty username", http.MethodPut, jiraBase, `{"connection_name":"e","username":""}`, 400, "field 'username' must not be empty"},
		{"bad url", http.MethodPut, jiraBase + "/e", `{"jira_server_url":"ftp://x"}`, 400, "invalid jira_server_url 'ftp://x': must be an absolute http or https URL"},
		{"unreachable", http.MethodPut, jiraBase + "/e", `{"jira_server_url":"https://down.invalid"}`, 400, MsgJiraUnreachable},
		{"malformed", http.MethodPut, jiraBase + "/e", `{"username":`, 400,
			"malformed JSON request body: unexpected end of JSON input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := admin(t, srv, tc.method, tc.path, tc.body)
			res.expect(t, tc.status, "error", tc.msg)
		})
	}
	want := JiraIntegration{ConnectionName: "e", AuthType: "basic", Username: "jira-bot@example.com", Password: "s3cret",
		InstallationType: "cloud", JiraServerURL: "https://acme.atlassian.net"}
	if in, _ := srv.Integration("e"); in != want {
		t.Fatalf("failed updates changed the record: %+v", in)
	}
	if _, ok := srv.Integration("ghost"); ok {
		t.Fatal("update created a missing integration")
	}
}

func TestUpdateOfOAuthIntegrationMadeInUI(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Put(JiraIntegration{ConnectionName: "ui", AuthType: "oauth2", InstallationType: "cloud", JiraServerURL: "https://acme.atlassian.net"})
	admin(t, srv, http.MethodGet, jiraBase+"/ui/details", "").expect(t, http.StatusOK, "auth_type", "oauth2")
	// Changing an unrelated field keeps the stored auth_type.
	admin(t, srv, http.MethodPut, jiraBase+"/ui", `{"skip_proxy":true}`).expect(t, http.StatusOK, "info", MsgUpdated)
	if in, _ := srv.Integration("ui"); in.AuthType != "oauth2" || !in.SkipProxy {
		t.Fatalf("got %+v", in)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "d", nil)
	admin(t, srv, http.MethodDelete, jiraBase+"/d", "").expect(t, http.StatusOK, "info", MsgDeleted)
	admin(t, srv, http.MethodDelete, jiraBase+"/d", "").expect(t, http.StatusNotFound, "error", MsgNotFound)
	admin(t, srv, http.MethodGet, jiraBase+"/d/details", "").expect(t, http.StatusNotFound, "error", MsgNotFound)
	// Out-of-band delete.
	mustCreate(t, srv, "d", nil)
	if !srv.Remove("d") || srv.Remove("d") {
		t.Fatal("Remove should report existence")
	}
	admin(t, srv, http.MethodGet, jiraBase+"/d", "").expect(t, http.StatusNotFound, "error", MsgNotFound)
}

func TestNamesWithSpecialCharacters(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	name := "team a/b ü?"
	mustCreate(t, srv, name, nil)
	admin(t, srv, http.MethodGet, jiraBase+"/"+url.PathEscape(name)+"/details", "").expect(t, http.StatusOK, "connection_name", name)
	admin(t, srv, http.MethodDelete, jiraBase+"/"+url.PathEscape(name), "").expect(t, http.StatusOK, "info", MsgDeleted)
}

func TestIntegrationsSorted(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, n := range []string{"b", "c", "a"} {
		srv.Put(JiraIntegration{ConnectionName: n})
	}
	var names []string
	for _, in := range srv.Integrations() {
		names = append(names, in.ConnectionName)
	}
	if !reflect.DeepEqual(names, []string{"a", "b", "c"}) {
		t.Fatalf("Integrations() order = %v", names)
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "s", nil)
	check := func(name string) map[string]any {
		res := admin(t, srv, http.MethodGet, statusPath+"?integrationName="+url.QueryEscape(name), "")
		res.expect(t, http.StatusOK, "integration_name", name)
		m := res.object(t)
		ts, _ := m["time"].(string)
		parsed, err := time.Parse(time.RFC3339, ts)
		if err != nil || parsed.Location() != time.UTC || time.Since(parsed) > time.Minute {
			t.Fatalf("time %q is not a recent RFC 3339 UTC time: %v", ts, err)
		}
		return m
	}
	if m := check("s"); m["status"] != StatusHealthy || m["reason"] != "" {
		t.Fatalf("stored: %v", m)
	}
	if m := check("none"); m["status"] != StatusNotFound || m["reason"] == "" {
		t.Fatalf("missing: %v", m)
	}
	srv.SetStatus("s", StatusFaultyConfiguration, "Jira rejected the credentials")
	if m := check("s"); m["status"] != StatusFaultyConfiguration || m["reason"] != "Jira rejected the credentials" {
		t.Fatalf("override: %v", m)
	}
	// Deleting clears the override: a new integration of that name is healthy.
	srv.Remove("s")
	mustCreate(t, srv, "s", nil)
	if m := check("s"); m["status"] != StatusHealthy {
		t.Fatalf("after recreate: %v", m)
	}
	admin(t, srv, http.MethodGet, statusPath, "").expect(t, http.StatusBadRequest, "error", "query parameter 'integrationName' is required")
}

func TestSystemEndpoints(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithVersion("3.131.0"))
	res := admin(t, srv, http.MethodGet, "/xray/api/v1/system/version", "")
	res.expect(t, http.StatusOK, "xray_version", "3.131.0")
	res.expect(t, http.StatusOK, "xray_revision", "fake")
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "").expect(t, http.StatusOK, "status", "pong")
}

func TestSetJiraCheckRunsDuringCreate(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	var seen []string
	srv.SetJiraCheck(func(in JiraIntegration) bool {
		seen = append(seen, in.ConnectionName)
		return false
	})
	admin(t, srv, http.MethodPost, jiraBase, body("x", nil)).expect(t, http.StatusBadRequest, "error", MsgJiraUnreachable)
	if len(seen) != 1 || seen[0] != "x" {
		t.Errorf("the check saw %v, want [x]", seen)
	}
	srv.SetJiraCheck(nil)
	mustCreate(t, srv, "x", nil)
}
