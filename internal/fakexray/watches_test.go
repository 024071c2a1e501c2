package fakexray

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const watchesBase = "/xray/api/v2/watches"

// watchJSON is a watch in Xray's shape with a field no client knows, spaced as a UI might send it.
const watchJSON = `{"general_data": {"name": "w1", "description": "prod", "active": true},
 "project_resources": {"resources": [{"type": "all-repos", "filters": []}]},
 "assigned_policies": [{"name": "sec", "type": "security"}],
 "x_future_field": {"nested": [1, 2.50, "three"], "flag": null}}`

// The whole life of a watch: create, read (default ticket_generation while no profile), a PUT
// that sets the ticketing fields, a PUT that leaves them out and so clears them (what released
// jfrog/xray does), delete; unknown fields survive every step as sent, compacted.
func TestWatchLifecycle(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	admin(t, srv, http.MethodPost, watchesBase, watchJSON).expect(t, http.StatusCreated, "info", MsgWatchCreated)
	admin(t, srv, http.MethodPost, watchesBase, watchJSON).expect(t, http.StatusConflict, "error", "Watch with name w1 already exists")

	got := admin(t, srv, http.MethodGet, watchesBase+"/w1", "")
	got.expect(t, http.StatusOK, "", "")
	fields := rawFields(t, got.body)
	if string(fields["x_future_field"]) != `{"nested":[1,2.50,"three"],"flag":null}` {
		t.Errorf("unknown field came back as %s", fields["x_future_field"])
	}
	if string(fields[WatchFieldTicketGeneration]) != DefaultTicketGeneration {
		t.Errorf("a watch without a profile answered ticket_generation %s, want the default", fields[WatchFieldTicketGeneration])
	}
	if _, ok := fields[WatchFieldTicketProfile]; ok {
		t.Errorf("a watch without a profile answered a ticket_profile: %s", got.body)
	}

	tg := `{"create_duplicate_tickets":{"by_version":{"build":true,"package":false,"release_bundle":true}},"impact_path_profiles_mapping":{"include":[{"profile":"p2","pattern":"npm://*"}]},"create_tickets_for_ignored_violation":true}`
	withTicketing := strings.TrimSuffix(watchJSON, "}") + `, "create_ticket_enabled": true, "ticket_profile": "p1", "ticket_generation": ` + tg + `}`
	admin(t, srv, http.MethodPut, watchesBase+"/w1", withTicketing).expect(t, http.StatusOK, "info", MsgWatchUpdated)
	fields = rawFields(t, admin(t, srv, http.MethodGet, watchesBase+"/w1", "").body)
	if string(fields[WatchFieldTicketGeneration]) != tg || string(fields[WatchFieldTicketProfile]) != `"p1"` ||
		string(fields[WatchFieldCreateTicketEnabled]) != "true" {
		t.Errorf("ticketing after PUT: %v", stringsOf(fields))
	}

	admin(t, srv, http.MethodPut, watchesBase+"/w1", watchJSON).expect(t, http.StatusOK, "info", MsgWatchUpdated)
	fields = rawFields(t, admin(t, srv, http.MethodGet, watchesBase+"/w1", "").body)
	if _, ok := fields[WatchFieldTicketProfile]; ok || string(fields[WatchFieldTicketGeneration]) != DefaultTicketGeneration {
		t.Errorf("a PUT without the ticketing fields kept them: %v", stringsOf(fields))
	}
	if _, ok := fields[WatchFieldCreateTicketEnabled]; ok {
		t.Errorf("a PUT without create_ticket_enabled kept it: %v", stringsOf(fields))
	}
	stored, _ := srv.WatchFields("", "w1")
	if _, ok := stored[WatchFieldTicketGeneration]; ok {
		t.Errorf("the store holds the default ticket_generation a GET adds: %v", stringsOf(stored))
	}

	admin(t, srv, http.MethodDelete, watchesBase+"/w1", "").expect(t, http.StatusOK, "info", MsgWatchDeleted)
	admin(t, srv, http.MethodGet, watchesBase+"/w1", "").expect(t, http.StatusNotFound, "error", MsgWatchNotFound)
	admin(t, srv, http.MethodPut, watchesBase+"/w1", watchJSON).expect(t, http.StatusNotFound, "error", MsgWatchNotFound)
	admin(t, srv, http.MethodDelete, watchesBase+"/w1", "").expect(t, http.StatusNotFound, "error", MsgWatchNotFound)
}

// Bodies Xray would refuse are 400 in Xray's shape, and nothing is stored.
func TestWatchInvalidBodies(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, tc := range []struct{ method, path, body, want string }{
		{http.MethodPost, watchesBase, `{"general_data": {"description": "x"}}`, MsgWatchNameEmpty},
		{http.MethodPost, watchesBase, `{"general_data": {"name": ""}}`, MsgWatchNameEmpty},
		{http.MethodPost, watchesBase, `[]`, "must be a JSON object"},
		{http.MethodPost, watchesBase, `{"general_data": {"name": "a"}, "create_ticket_enabled": "yes"}`, "'create_ticket_enabled' must be a boolean"},
		{http.MethodPost, watchesBase, `{"general_data": {"name": "a"}, "ticket_profile": 3}`, "'ticket_profile' must be a string"},
		{http.MethodPost, watchesBase, `{"general_data": {"name": "a"}, "ticket_generation": {"impact_path_profiles_mapping": {"include": {}}}}`, "'ticket_generation' must be"},
	} {
		res := admin(t, srv, tc.method, tc.path, tc.body)
		msg, _ := res.object(t)["error"].(string)
		if res.status != http.StatusBadRequest || !strings.Contains(msg, tc.want) {
			t.Errorf("%s %s: %d %s, want 400 with %q", tc.method, tc.body, res.status, res.body, tc.want)
		}
	}
	if n := len(srv.Watches()); n != 0 {
		t.Errorf("invalid bodies stored %d watches", n)
	}
	mustPutWatch(t, srv, "", `{"general_data": {"name": "a"}}`)
	res := admin(t, srv, http.MethodPut, watchesBase+"/a", `{"general_data": {"name": "b"}}`)
	res.expect(t, http.StatusBadRequest, "", "")
	if _, ok := srv.Watch("", "b"); ok {
		t.Error("a PUT renamed the watch")
	}
}

// ?projectKey= scopes every call: a project's watch is not the global one of the same name,
// and the list shows one scope.
func TestWatchProjectScope(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	admin(t, srv, http.MethodPost, watchesBase+"?projectKey=p1", `{"general_data": {"name": "w"}, "tag": "p1"}`).expect(t, http.StatusCreated, "", "")
	admin(t, srv, http.MethodGet, watchesBase+"/w", "").expect(t, http.StatusNotFound, "error", MsgWatchNotFound)
	admin(t, srv, http.MethodPost, watchesBase, `{"general_data": {"name": "w"}, "tag": "global"}`).expect(t, http.StatusCreated, "", "")
	admin(t, srv, http.MethodPost, watchesBase, `{"general_data": {"name": "v"}}`).expect(t, http.StatusCreated, "", "")
	if f := rawFields(t, admin(t, srv, http.MethodGet, watchesBase+"/w?projectKey=p1", "").body); string(f["tag"]) != `"p1"` {
		t.Errorf("project watch = %v", stringsOf(f))
	}
	var list []map[string]json.RawMessage
	res := admin(t, srv, http.MethodGet, watchesBase, "")
	if err := json.Unmarshal([]byte(res.body), &list); err != nil || res.status != http.StatusOK || len(list) != 2 {
		t.Fatalf("global list: %d %s (%v)", res.status, res.body, err)
	}
	if string(list[0]["general_data"]) != `{"name":"v"}` || string(list[1]["tag"]) != `"global"` ||
		string(list[0][WatchFieldTicketGeneration]) != DefaultTicketGeneration {
		t.Errorf("global list = %s", res.body)
	}
	res = admin(t, srv, http.MethodGet, watchesBase+"?projectKey=p1", "")
	if err := json.Unmarshal([]byte(res.body), &list); err != nil || len(list) != 1 {
		t.Errorf("project list = %s", res.body)
	}
	admin(t, srv, http.MethodDelete, watchesBase+"/w?projectKey=p1", "").expect(t, http.StatusOK, "", "")
	if _, ok := srv.Watch("", "w"); !ok {
		t.Error("deleting the project watch deleted the global one")
	}
}

// Watches are behind the token check, and routes the fake does not have are answered by the
// configured router as for every other route: only "Watch not found" is Xray's own answer.
func TestWatchAuthAndRouters(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	if res := call(t, srv, http.MethodGet, watchesBase, "", ""); res.status != http.StatusUnauthorized {
		t.Errorf("no token: %d", res.status)
	}
	if res := call(t, srv, http.MethodGet, watchesBase, srv.ReaderToken(), ""); res.status != http.StatusForbidden {
		t.Errorf("reader token: %d", res.status)
	}
	admin(t, srv, http.MethodPatch, watchesBase+"/w", "{}").expectPlain(t, http.StatusMethodNotAllowed)

	for style, want := range map[RouterStyle]string{
		RouterGin:      "404 page not found",
		RouterXray:     `{"error":"Not Found"}`,
		RouterPlatform: `{"errors":[{"status":404,"message":"Not Found"}]}`,
	} {
		srv := NewTestServer(t, WithRouterStyle(style))
		res := admin(t, srv, http.MethodGet, "/xray/api/v2/watches/w/extra", "")
		if res.status != http.StatusNotFound || res.body != want {
			t.Errorf("%s router, unknown route: %d %q, want 404 %q", style, res.status, res.body, want)
		}
		admin(t, srv, http.MethodGet, watchesBase+"/w", "").expect(t, http.StatusNotFound, "error", MsgWatchNotFound)
	}
}

// Seeded watches are there from the start, unknown fields included, and show in /_fake/state;
// a seed with a watch Xray would refuse is refused.
func TestWatchSeedAndState(t *testing.T) {
	t.Parallel()
	seed, err := ParseSeed([]byte(`{"integrations": [], "watches": [` + watchJSON + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := NewTestServer(t, WithSeedData(seed))
	f := rawFields(t, admin(t, srv, http.MethodGet, watchesBase+"/w1", "").body)
	if string(f["x_future_field"]) != `{"nested":[1,2.50,"three"],"flag":null}` {
		t.Errorf("seeded watch = %v", stringsOf(f))
	}
	var state struct {
		Watches []StoredWatch `json:"watches"`
	}
	res := call(t, srv, http.MethodGet, StatePath, "", "")
	if err := json.Unmarshal([]byte(res.body), &state); err != nil || len(state.Watches) != 1 || state.Watches[0].Name != "w1" {
		t.Errorf("state = %s (%v)", res.body, err)
	}
	for _, bad := range []string{
		`{"watches": [{"general_data": {}}]}`,
		`{"watches": [{"general_data": {"name": "a"}}, {"general_data": {"name": "a"}}]}`,
	} {
		if _, err := ParseSeed([]byte(bad)); err == nil {
			t.Errorf("ParseSeed(%s) accepted it", bad)
		}
	}
}

func mustPutWatch(t *testing.T, srv *Server, project, body string) {
	t.Helper()
	if err := srv.PutWatch(project, json.RawMessage(body)); err != nil {
		t.Fatal(err)
	}
}

func rawFields(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", body, err)
	}
	return m
}

func stringsOf(m map[string]json.RawMessage) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}
