package xray_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestCreateRequestShape(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, createdJSON)
	}))
	c := newClient(t, srv.URL)
	in := sampleIntegration()
	// With the plan's route (Via), a create sends its POST alone: no read proves the route.
	if err := c.CreateJiraIntegration(context.Background(), in, viaObserved); err != nil {
		t.Fatalf("create: %v", err)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("create sent %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != pathIntegrations || r.Query != "" {
		t.Errorf("create sent %s %s?%s, want POST %s", r.Method, r.Path, r.Query, pathIntegrations)
	}
	got := bodyFields(t, r.Body)
	want := map[string]any{
		"connection_name":   "jira-prod",
		"auth_type":         "basic",
		"username":          "svc-xray@acme.example",
		"password":          testPassword,
		"installation_type": "cloud",
		"jira_server_url":   "https://acme.atlassian.net",
		"skip_proxy":        false, // sent explicitly, not omitted
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("create body fields:\n got %v\nwant %v", got, want)
	}
}

func TestCreateSendsSkipProxyTrue(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, createdJSON)
	}))
	c := newClient(t, srv.URL)
	in := sampleIntegration()
	in.SkipProxy = true
	in.InstallationType = "server"
	if err := c.CreateJiraIntegration(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	got := bodyFields(t, srv.requests()[0].Body)
	if got["skip_proxy"] != true || got["installation_type"] != "server" {
		t.Errorf("body = %v, want skip_proxy true and installation_type server", got)
	}
}

func TestUpdateRequestShape(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Path == pathIntegrations {
			reply(w, 200, updatedJSON)
			return
		}
		http.NotFound(w, r)
	}))
	c := newClient(t, srv.URL)

	t.Run("with password", func(t *testing.T) {
		before := srv.count()
		in := sampleIntegration()
		in.SkipProxy = false
		if err := c.UpdateJiraIntegration(context.Background(), in, viaObserved); err != nil {
			t.Fatal(err)
		}
		r := srv.requests()[before]
		if r.Method != http.MethodPut {
			t.Errorf("update method = %s, want PUT", r.Method)
		}
		got := bodyFields(t, r.Body)
		if got["password"] != testPassword || got["connection_name"] != "jira-prod" {
			t.Errorf("update body = %v, want the password and the connection_name", got)
		}
		if v, ok := got["skip_proxy"]; !ok || v != false {
			t.Errorf("update body skip_proxy = %v (present %t), want an explicit false", v, ok)
		}
	})
	t.Run("empty password is omitted", func(t *testing.T) {
		before := srv.count()
		in := sampleIntegration()
		in.Password = ""
		if err := c.UpdateJiraIntegration(context.Background(), in, viaObserved); err != nil {
			t.Fatal(err)
		}
		got := bodyFields(t, srv.requests()[before].Body)
		want := []string{"auth_type", "connection_name", "installation_type", "jira_server_url", "skip_proxy", "username"}
		if keys := sortedKeys(got); !reflect.DeepEqual(keys, want) {
			t.Errorf("update body keys = %v, want %v (no password)", keys, want)
		}
	})
}

func TestGetDecodesIntegration(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"connection_name":"jira-prod","auth_type":"oauth2","username":"bot",`+
			`"installation_type":"server","jira_server_url":"http://jira.internal:8080","skip_proxy":true,"extra":"ignored"}`)
	}))
	c := newClient(t, srv.URL)
	got, err := c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	if err != nil {
		t.Fatal(err)
	}
	want := xray.JiraIntegration{ConnectionName: "jira-prod", AuthType: "oauth2", Username: "bot",
		InstallationType: "server", JiraServerURL: "http://jira.internal:8080", SkipProxy: true}
	if *got != want {
		t.Errorf("GetJiraIntegration = %+v, want %+v", *got, want)
	}
	r := srv.requests()[0]
	if r.Method != http.MethodGet || r.Path != pathIntegrations+"/jira-prod" {
		t.Errorf("read sent %s %s, want GET %s/jira-prod", r.Method, r.Path, pathIntegrations)
	}
}

func TestDelete(t *testing.T) {
	var mu sync.Mutex
	exists := map[string]bool{"jira-prod": true}
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		name := strings.TrimPrefix(r.URL.Path, pathIntegrations+"/")
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(name, "/details"):
			http.NotFound(w, r) // an observed-flavour server: no documented read route
			return
		case r.Method != http.MethodDelete || !exists[name]:
			reply(w, 404, notFoundJSON)
			return
		}
		delete(exists, name)
		reply(w, 200, `{"info":"Integration has been successfully deleted"}`)
	}))
	c := newClient(t, srv.URL)
	if err := c.DeleteJiraIntegration(context.Background(), "jira-prod"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	r := srv.requests()[0]
	if r.Method != http.MethodDelete || r.Path != pathIntegrations+"/jira-prod" {
		t.Errorf("delete sent %s %s", r.Method, r.Path)
	}
	before := srv.count()
	err := c.DeleteJiraIntegration(context.Background(), "jira-prod")
	if !errors.Is(err, xray.ErrNotFound) {
		t.Errorf("second delete = %v, want ErrNotFound", err)
	}
	// The delete's 404 is confirmed by a read, whose discovery tries both read routes.
	if n := srv.count() - before; n != 3 {
		t.Errorf("second delete cost %d requests, want 3 (delete, then the read on both routes)", n)
	}
}

func TestWritesAcceptAnySuccessBody(t *testing.T) {
	for _, body := range []string{"", "OK", `{"info":"done"}`, "<html>ok</html>"} {
		srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, body)
		}))
		c := newClient(t, srv.URL)
		ctx := context.Background()
		if err := c.CreateJiraIntegration(ctx, sampleIntegration()); err != nil {
			t.Errorf("create with 200 body %q: %v", body, err)
		}
		if err := c.UpdateJiraIntegration(ctx, sampleIntegration()); err != nil {
			t.Errorf("update with 200 body %q: %v", body, err)
		}
		if err := c.DeleteJiraIntegration(ctx, "jira-prod"); err != nil {
			t.Errorf("delete with 200 body %q: %v", body, err)
		}
	}
}

// A connection_name is user-chosen ("Jira Cloud", "team/a"): it must reach the server intact,
// escaped exactly once, in every path that carries it.
func TestNamesAreEscapedOnceInPaths(t *testing.T) {
	const name = "Jira Cloud/α %#?"
	mux := http.NewServeMux()
	seen := make(chan string, 10)
	// The documented style, where every path carries the name.
	mux.HandleFunc("GET "+pathIntegrations+"/{name}/details", func(w http.ResponseWriter, r *http.Request) {
		seen <- r.PathValue("name")
		in := sampleIntegration()
		in.ConnectionName = r.PathValue("name")
		reply(w, 200, readJSON(in))
	})
	mux.HandleFunc("PUT "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		seen <- r.PathValue("name")
		reply(w, 200, updatedJSON)
	})
	mux.HandleFunc("DELETE "+pathIntegrations+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		seen <- r.PathValue("name")
		reply(w, 200, `{}`)
	})
	srv := newTestServer(t, mux)
	c := newClient(t, srv.URL)
	ctx := context.Background()

	got, err := c.GetJiraIntegration(ctx, name)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.ConnectionName != name {
		t.Errorf("get read the integration %q, want %q", got.ConnectionName, name)
	}
	in := sampleIntegration()
	in.ConnectionName = name
	if err := c.UpdateJiraIntegration(ctx, in); err != nil {
		t.Fatalf("update: %v", err)
	}
	if err := c.DeleteJiraIntegration(ctx, name); err != nil {
		t.Fatalf("delete: %v", err)
	}
	close(seen)
	for s := range seen {
		if s != name {
			t.Errorf("server saw the name %q, want %q", s, name)
		}
	}
	once := pathIntegrations + "/" + url.PathEscape(name)
	for _, r := range srv.requests() {
		if r.EscapedPath != once+"/details" && r.EscapedPath != once {
			t.Errorf("%s went to %q, want the name escaped once: %q", r.Method, r.EscapedPath, once)
		}
	}
}

func TestStatusRequestAndDecode(t *testing.T) {
	const name = "Jira Cloud & Co/1+1=2"
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != pathStatus {
			http.NotFound(w, r)
			return
		}
		if got := r.URL.Query().Get("integrationName"); got != name {
			reply(w, 400, `{"error":"wrong integrationName"}`)
			return
		}
		reply(w, 200, `{"status":"FAULTY_CONFIGURATION","reason":"401 from Jira","time":"2024-05-01T10:00:00Z","integration_name":"`+name+`"}`)
	}))
	c := newClient(t, srv.URL)
	st, err := c.GetIntegrationStatus(context.Background(), name)
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	want := xray.IntegrationStatus{Status: xray.StatusFaultyConfiguration, Reason: "401 from Jira",
		Time: "2024-05-01T10:00:00Z", IntegrationName: name}
	if *st != want {
		t.Errorf("status = %+v, want %+v", *st, want)
	}
	r := srv.requests()[0]
	q, err := url.ParseQuery(r.Query)
	if err != nil || len(q) != 1 || q.Get("integrationName") != name {
		t.Errorf("raw query %q does not carry exactly integrationName=%q", r.Query, name)
	}
}

func TestGetVersion(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != pathVersion {
			http.NotFound(w, r)
			return
		}
		reply(w, 200, `{"xray_version":"3.131.0","xray_revision":"a1b2c3"}`)
	}))
	v, err := newClient(t, srv.URL).GetVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v.XrayVersion != "3.131.0" || v.XrayRevision != "a1b2c3" {
		t.Errorf("GetVersion = %+v", *v)
	}
}

func TestJiraIntegrationStringHidesPassword(t *testing.T) {
	in := sampleIntegration()
	for _, s := range []string{in.String(), fmtV(in), fmtV(&in), fmtPlusV(in), fmtS(in)} {
		if strings.Contains(s, testPassword) {
			t.Errorf("formatted integration leaks the password: %s", s)
		}
		if !strings.Contains(s, "jira-prod") || !strings.Contains(s, "svc-xray@acme.example") {
			t.Errorf("formatted integration lost its identifying fields: %s", s)
		}
	}
}

// ---- create reconciliation ----

// flakyCreateServer stores the first POST but answers it 503 (as a proxy timing out would),
// then answers every later POST of an existing name with Xray's 400. stored, if not nil, is
// what the server held before the create.
func flakyCreateServer(t *testing.T, stored *xray.JiraIntegration, storeFirst bool) *testServer {
	var mu sync.Mutex
	posts := 0
	return newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Method == http.MethodPost && r.URL.Path == pathIntegrations:
			posts++
			var in xray.JiraIntegration
			_ = jsonUnmarshal(r, &in)
			if posts == 1 {
				if storeFirst && stored == nil {
					cp := in
					stored = &cp
				}
				reply(w, 503, "<html><head><title>503 Service Temporarily Unavailable</title></head></html>")
				return
			}
			if stored != nil {
				reply(w, 400, `{"error":"Integration with name `+in.ConnectionName+` already exists"}`)
				return
			}
			reply(w, 200, createdJSON)
		case r.Method == http.MethodGet && r.URL.Path == pathIntegrations+"/jira-prod":
			if stored == nil {
				reply(w, 404, notFoundJSON)
				return
			}
			reply(w, 200, readJSON(*stored))
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestCreateReconcilesItsOwnStoredIntegration(t *testing.T) {
	srv := flakyCreateServer(t, nil, true)
	c := newClient(t, srv.URL)
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
		t.Fatalf("create whose first attempt was stored = %v, want success", err)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 2 {
		t.Errorf("server saw %d POSTs, want 2 (the 503 and its retry)", n)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod"); n != 1 {
		t.Errorf("server saw %d reconciliation reads, want 1", n)
	}
}

func TestCreateConflictsWithDifferentStoredIntegration(t *testing.T) {
	other := sampleIntegration()
	other.Username = "someone-else"
	other.JiraServerURL = "https://other.atlassian.net"
	srv := flakyCreateServer(t, &other, false)
	c := newClient(t, srv.URL)
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	var conflict *xray.ConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("create = %v, want a *ConflictError", err)
	}
	if conflict.Name != "jira-prod" {
		t.Errorf("conflict names %q, want jira-prod", conflict.Name)
	}
	if !reflect.DeepEqual(conflict.Fields, []string{"username", "jira_server_url"}) {
		t.Errorf("conflict fields = %v, want [username jira_server_url]", conflict.Fields)
	}
	msg := err.Error()
	for _, want := range []string{"jira-prod", "username", "jira_server_url", "import", "already exists"} {
		if !strings.Contains(msg, want) {
			t.Errorf("conflict message lacks %q: %s", want, msg)
		}
	}
	for _, notWant := range []string{"auth_type", "installation_type", "skip_proxy"} {
		if strings.Contains(msg, notWant) {
			t.Errorf("conflict message names %q, which matches: %s", notWant, msg)
		}
	}
	assertNoSecrets(t, "conflict error", msg)
	if xray.StatusCode(err) != 400 {
		t.Errorf("StatusCode(conflict) = %d, want the cause's 400", xray.StatusCode(err))
	}
}

func TestCreateAmbiguousThenNotStoredReturnsOriginalError(t *testing.T) {
	// First POST 503 (not stored), retry 200: plain success without any read (the plan's route
	// is handed in, so no read proves it either).
	srv := flakyCreateServer(t, nil, false)
	c := newClient(t, srv.URL)
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration(), viaObserved); err != nil {
		t.Fatalf("create = %v", err)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod"); n != 0 {
		t.Errorf("a create that succeeded sent %d reads", n)
	}
}

func TestCreateAllAttemptsLostAndNothingStored(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, 404, notFoundJSON)
			return
		}
		reply(w, 502, "<html><title>502 Bad Gateway</title></html>")
	}))
	c := newClient(t, srv.URL, withRetryMax(2))
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	if xray.StatusCode(err) != 502 || errors.Is(err, xray.ErrNotFound) {
		t.Fatalf("create = %v, want the 502 (not the reconciliation's not-found)", err)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 3 {
		t.Errorf("POSTs = %d, want 3", n)
	}
}

func TestCreateFirstAttempt400DoesNotReconcile(t *testing.T) {
	for _, status := range []int{400, 500} {
		srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				reply(w, 200, readJSON(sampleIntegration()))
				return
			}
			reply(w, status, `{"error":"Integration with name jira-prod already exists"}`)
		}))
		c := newClient(t, srv.URL)
		err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
		if xray.StatusCode(err) != status {
			t.Fatalf("create = %v, want HTTP %d (an existing integration is not proof of our own create)", err, status)
		}
		// The read that follows a refusal only explains it: the name is someone else's.
		var taken *xray.NameTakenError
		if !errors.As(err, &taken) || taken.Name != "jira-prod" {
			t.Errorf("status %d: create = %v, want a NameTakenError for jira-prod", status, err)
		}
		if n := srv.countPath(http.MethodPost, pathIntegrations); n != 1 {
			t.Errorf("status %d: the create was sent %d times, want exactly once", status, n)
		}
	}
}

// A refused create whose name is free stays Xray's own refusal, with nothing added.
func TestRefusedCreateOfAFreeNameIsXraysAnswer(t *testing.T) {
	srv := observedServer(t, newStore())
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+pathIntegrations, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, `{"error":"We were not able to connect to your Jira"}`)
	})
	mux.Handle("/", srv.Config.Handler)
	c := newClient(t, newTestServer(t, mux).URL)
	err := c.CreateJiraIntegration(context.Background(), sampleIntegration())
	var taken *xray.NameTakenError
	if xray.StatusCode(err) != 400 || errors.As(err, &taken) || !strings.Contains(err.Error(), "connect to your Jira") {
		t.Errorf("create = %v, want Xray's 400 alone", err)
	}
}

// Create contacts Jira while the caller waits, so an attempt can outlast the request timeout
// after Xray stored the integration: the timed-out create is recognised by a read, not resent.
func TestCreateTimedOutButStoredIsReconciled(t *testing.T) {
	var mu sync.Mutex
	var stored *xray.JiraIntegration
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			var in xray.JiraIntegration
			_ = jsonUnmarshal(r, &in)
			mu.Lock()
			stored = &in
			mu.Unlock()
			<-r.Context().Done() // Jira is slow; the client gives up first
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if stored == nil {
			reply(w, 404, notFoundJSON)
			return
		}
		reply(w, 200, readJSON(*stored))
	}))
	c := newClient(t, srv.URL, func(cfg *xray.Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	if err := c.CreateJiraIntegration(context.Background(), sampleIntegration()); err != nil {
		t.Errorf("create that timed out after storing = %v, want success", err)
	}
	if n := srv.countPath(http.MethodPost, pathIntegrations); n != 1 {
		t.Errorf("server saw %d POSTs, want 1", n)
	}
	if n := srv.countPath(http.MethodGet, pathIntegrations+"/jira-prod"); n != 1 {
		t.Errorf("server saw %d reads, want 1", n)
	}
}
