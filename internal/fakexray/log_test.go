package fakexray

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	payload := body("l", nil)
	mustCreate(t, srv, "l", nil)
	admin(t, srv, http.MethodGet, jiraBase+"/l/details", "")
	admin(t, srv, http.MethodGet, statusPath+"?integrationName=l", "")
	admin(t, srv, http.MethodGet, "/nowhere", "")
	call(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "", "")

	reqs := srv.Requests()
	if len(reqs) != 5 {
		t.Fatalf("%d requests logged", len(reqs))
	}
	// Compare everything but the arrival time and fault kind.
	strip := func(r Request) Request {
		return Request{Method: r.Method, Path: r.Path, Query: r.Query, Pattern: r.Pattern, Status: r.Status, Body: r.Body}
	}
	want := []Request{
		{Method: "POST", Path: jiraBase, Pattern: PatternCreate, Status: 200, Body: payload},
		{Method: "GET", Path: jiraBase + "/l/details", Pattern: PatternReadDetails, Status: 200},
		{Method: "GET", Path: statusPath, Query: "integrationName=l", Pattern: PatternStatus, Status: 200},
		{Method: "GET", Path: "/nowhere", Pattern: "", Status: 404},
		{Method: "GET", Path: "/xray/api/v1/system/ping", Pattern: PatternPing, Status: 401},
	}
	for i := range want {
		if got := strip(reqs[i]); got != want[i] {
			t.Errorf("request %d = %+v, want %+v", i, got, want[i])
		}
		if reqs[i].Time.IsZero() {
			t.Errorf("request %d has no time", i)
		}
	}

	wantCounts := map[string]int{
		PatternCreate:              1,
		PatternReadDetails:         1,
		PatternStatus:              1,
		PatternPing:                1,
		"GET /nowhere (unmatched)": 1,
	}
	if got := srv.RequestCounts(); !reflect.DeepEqual(got, wantCounts) {
		t.Fatalf("RequestCounts = %v, want %v", got, wantCounts)
	}

	srv.ResetRequests()
	if len(srv.Requests()) != 0 || len(srv.RequestCounts()) != 0 {
		t.Fatal("ResetRequests left entries")
	}
}

func TestDebugState(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "b", map[string]any{"skip_proxy": true})
	srv.Put(JiraIntegration{ConnectionName: "a", AuthType: "oauth2", Password: "hidden"})

	res := call(t, srv, http.MethodGet, StatePath, "", "") // no token needed
	if res.status != http.StatusOK {
		t.Fatalf("status %d: %q", res.status, res.body)
	}
	var state struct {
		Version       string            `json:"version"`
		Flavour       string            `json:"flavour"`
		Integrations  []JiraIntegration `json:"integrations"`
		RequestCounts map[string]int    `json:"request_counts"`
	}
	if err := json.Unmarshal([]byte(res.body), &state); err != nil {
		t.Fatal(err)
	}
	if state.Version != DefaultVersion || state.Flavour != "both" || len(state.Integrations) != 2 {
		t.Fatalf("state = %+v", state)
	}
	for _, in := range state.Integrations {
		if in.Password != "<redacted>" {
			t.Fatalf("password leaked: %+v", in)
		}
	}
	if state.Integrations[0].ConnectionName != "a" || !state.Integrations[1].SkipProxy {
		t.Fatalf("integrations = %+v", state.Integrations)
	}
	if !reflect.DeepEqual(state.RequestCounts, map[string]int{PatternCreate: 1}) {
		t.Fatalf("counts = %v (debug requests must not be counted)", state.RequestCounts)
	}
	// Redaction must not touch the store.
	if in, _ := srv.Integration("a"); in.Password != "hidden" {
		t.Fatal("store was redacted")
	}
	call(t, srv, http.MethodPost, StatePath, "", "").expectPlain(t, http.StatusMethodNotAllowed)
	call(t, srv, http.MethodGet, "/_fake/other", "", "").expectPlain(t, http.StatusNotFound)
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("%d requests logged, debug ones must not be", n)
	}
}

func TestJSONIsNotHTMLEscaped(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "R&D <team>", nil)
	res := admin(t, srv, http.MethodGet, jiraBase+"/R&D%20%3Cteam%3E", "")
	if !strings.Contains(res.body, `"connection_name":"R&D <team>"`) {
		t.Fatalf("body %q", res.body)
	}
}
