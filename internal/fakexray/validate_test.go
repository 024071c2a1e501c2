package fakexray

import (
	"net/http"
	"testing"
)

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	cases := []struct {
		name string
		body string
		msg  string
	}{
		{"missing connection_name", body("", map[string]any{"connection_name": nil}), "field 'connection_name' is required"},
		{"empty connection_name", body("  ", nil), "field 'connection_name' must not be empty"},
		{"missing auth_type", body("v", map[string]any{"auth_type": nil}), "field 'auth_type' is required"},
		{"missing username", body("v", map[string]any{"username": nil}), "field 'username' is required"},
		{"empty username", body("v", map[string]any{"username": ""}), "field 'username' must not be empty"},
		{"missing password", body("v", map[string]any{"password": nil}), "field 'password' is required"},
		{"empty password", body("v", map[string]any{"password": ""}), "field 'password' must not be empty"},
		{"missing installation_type", body("v", map[string]any{"installation_type": nil}), "field 'installation_type' is required"},
		{"missing jira_server_url", body("v", map[string]any{"jira_server_url": nil}), "field 'jira_server_url' is required"},
		{"null is missing", `{"connection_name":null}`, "field 'connection_name' is required"},
		{"oauth2 refused", body("v", map[string]any{"auth_type": "oauth2"}), "invalid auth_type 'oauth2': only 'basic' is supported"},
		{"auth_type is case-sensitive", body("v", map[string]any{"auth_type": "Basic"}), "invalid auth_type 'Basic': only 'basic' is supported"},
		{"installation_type", body("v", map[string]any{"installation_type": "datacenter"}), "invalid installation_type 'datacenter': must be 'cloud' or 'server'"},
		{"relative url", body("v", map[string]any{"jira_server_url": "acme.atlassian.net"}), "invalid jira_server_url 'acme.atlassian.net': must be an absolute http or https URL"},
		{"ftp url", body("v", map[string]any{"jira_server_url": "ftp://acme"}), "invalid jira_server_url 'ftp://acme': must be an absolute http or https URL"},
		{"url without host", body("v", map[string]any{"jira_server_url": "https://"}), "invalid jira_server_url 'https://': must be an absolute http or https URL"},
		{"string skip_proxy", body("v", map[string]any{"skip_proxy": "yes"}), "field 'skip_proxy' must be a boolean"},
		{"number username", body("v", map[string]any{"username": 7}), "field 'username' must be a string"},
		{"malformed", `{"connection_name": "v",`, "malformed JSON request body: unexpected end of JSON input"},
		{"array", `[]`, "request body must be a JSON object"},
		{"string", `"x"`, "request body must be a JSON object"},
		{"trailing data", `{"connection_name":"v"} {}`, "malformed JSON request body: invalid character '{' after top-level value"},
		{"null body", `null`, "request body must be a JSON object"},
		{"empty body", ``, "request body is required"},
		{"first problem in field order", `{"installation_type":"x"}`, "field 'connection_name' is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			admin(t, srv, http.MethodPost, jiraBase, tc.body).expect(t, http.StatusBadRequest, "error", tc.msg)
		})
	}
	if n := len(srv.Integrations()); n != 0 {
		t.Fatalf("%d integrations stored by invalid creates", n)
	}
	// Unknown fields are ignored, as Xray does.
	mustCreate(t, srv, "extra", map[string]any{"comment": "hi"})
}
