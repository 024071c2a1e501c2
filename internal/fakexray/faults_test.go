package fakexray

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFaultStatusWithRetryAfterAndTimes(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Inject(Fault{Pattern: PatternCreate, Times: 2, Status: 429, RetryAfter: "1", Body: `{"errors":[{"message":"slow down"}]}`})
	for i := 0; i < 2; i++ {
		res := admin(t, srv, http.MethodPost, jiraBase, body("r", nil))
		if res.status != 429 || res.header.Get("Retry-After") != "1" || res.header.Get("Content-Type") != "application/json" {
			t.Fatalf("attempt %d: %d %v %q", i, res.status, res.header, res.body)
		}
		if _, ok := srv.Integration("r"); ok {
			t.Fatal("a plain status fault must not reach the handler")
		}
	}
	mustCreate(t, srv, "r", nil) // Times exhausted
	var kinds []string
	for _, r := range srv.Requests() {
		kinds = append(kinds, r.Fault)
	}
	if !reflect.DeepEqual(kinds, []string{FaultKindStatus, FaultKindStatus, ""}) {
		t.Fatalf("Request.Fault = %q", kinds)
	}
}

func TestFaultNonJSONBodies(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	html := "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
	srv.Inject(Fault{PathContains: "/details", Times: 1, Status: 502, Body: html})
	srv.Inject(Fault{PathContains: "/details", Times: 1, Status: 503})
	srv.Inject(Fault{PathContains: "/details", Times: 1, Status: 500, Body: "oops", ContentType: "text/x-custom"})

	res := admin(t, srv, http.MethodGet, jiraBase+"/x/details", "")
	if res.status != 502 || res.body != html || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		t.Fatalf("html fault: %d %q %q", res.status, res.header.Get("Content-Type"), res.body)
	}
	if res = admin(t, srv, http.MethodGet, jiraBase+"/x/details", ""); res.status != 503 || res.body != "" {
		t.Fatalf("empty fault: %d %q", res.status, res.body)
	}
	if res = admin(t, srv, http.MethodGet, jiraBase+"/x/details", ""); res.status != 500 || res.header.Get("Content-Type") != "text/x-custom" {
		t.Fatalf("custom content type: %d %q", res.status, res.header.Get("Content-Type"))
	}
	admin(t, srv, http.MethodGet, jiraBase+"/x/details", "").expect(t, http.StatusNotFound, "error", MsgNotFound)
}

func TestFaultMatching(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	mustCreate(t, srv, "m", nil)
	// Pattern without its method, restricted by Method.
	srv.Inject(Fault{Method: "delete", Pattern: "/xray/api/v1/ticketing/jira-integrations/{name}", Status: 500, Body: `{"error":"boom"}`})
	admin(t, srv, http.MethodGet, jiraBase+"/m", "").expect(t, http.StatusOK, "connection_name", "m")
	admin(t, srv, http.MethodDelete, jiraBase+"/m", "").expect(t, http.StatusInternalServerError, "error", "boom")
	if _, ok := srv.Integration("m"); !ok {
		t.Fatal("faulted delete removed the integration")
	}
	srv.ClearFaults()
	admin(t, srv, http.MethodDelete, jiraBase+"/m", "").expect(t, http.StatusOK, "info", MsgDeleted)

	// A pattern fault never matches an unmatched route.
	srv.Inject(Fault{Pattern: PatternPing, Status: 500})
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/pong", "").expectPlain(t, http.StatusNotFound)
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "").expect(t, http.StatusInternalServerError, "", "")
}

func TestFaultsActBeforeAuthButNotOnDebug(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Inject(Fault{Status: 503, Body: "<html>maintenance</html>"})
	if res := call(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "", ""); res.status != 503 {
		t.Fatalf("no token: %d, want the proxy's 503", res.status)
	}
	if res := call(t, srv, http.MethodGet, StatePath, "", ""); res.status != 200 {
		t.Fatalf("/_fake/state: %d", res.status)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Inject(Fault{Pattern: PatternPing, Times: 1, Latency: 80 * time.Millisecond})
	start := time.Now()
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "").expect(t, http.StatusOK, "status", "pong")
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Fatalf("latency fault took %v", d)
	}
	if got := srv.Requests()[0].Fault; got != FaultKindLatency {
		t.Fatalf("Fault = %q", got)
	}
	// Latency combined with a status: slow failure.
	srv.Inject(Fault{Pattern: PatternPing, Times: 1, Latency: 50 * time.Millisecond, Status: 504})
	start = time.Now()
	if res := admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", ""); res.status != 504 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("slow 504: %d after %v", res.status, time.Since(start))
	}
}

func TestFixedLatencyRespectsCancellation(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithLatency(60*time.Millisecond))
	start := time.Now()
	admin(t, srv, http.MethodGet, "/xray/api/v1/system/ping", "").expect(t, http.StatusOK, "status", "pong")
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("fixed latency took %v", d)
	}

	slow := NewTestServer(t, WithLatency(10*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, slow.URL()+jiraBase, strings.NewReader(body("c", nil)))
	req.Header.Set("Authorization", "Bearer "+slow.AdminToken())
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	// The server gives up too: the request is logged without an answer and
	// the create never happens.
	reqs := waitForRequests(t, slow, 1)
	if reqs[0].Status != 0 {
		t.Fatalf("cancelled request logged with status %d", reqs[0].Status)
	}
	if _, ok := slow.Integration("c"); ok {
		t.Fatal("cancelled create was stored")
	}
}

func waitForRequests(t *testing.T, srv *Server, n int) []Request {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if reqs := srv.Requests(); len(reqs) >= n {
			return reqs
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not log %d requests", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStoreThenFail(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Inject(Fault{Pattern: PatternCreate, Times: 1, StoreThenFail: true, Status: 504, Body: "<html>Gateway Timeout</html>"})
	res := admin(t, srv, http.MethodPost, jiraBase, body("lost", nil))
	if res.status != 504 || !strings.Contains(res.body, "Gateway Timeout") {
		t.Fatalf("store-then-fail answered %d %q", res.status, res.body)
	}
	if _, ok := srv.Integration("lost"); !ok {
		t.Fatal("store-then-fail did not store")
	}
	// A naive retry now meets the record its first attempt created.
	admin(t, srv, http.MethodPost, jiraBase, body("lost", nil)).
		expect(t, http.StatusBadRequest, "error", "Integration with name 'lost' already exists")
	if got := srv.Requests()[0]; got.Fault != FaultKindStoreThenFail || got.Status != 504 {
		t.Fatalf("logged %+v", got)
	}

	// Without a Status the lost response is a 502.
	srv.Inject(Fault{Pattern: PatternUpdateByName, Times: 1, StoreThenFail: true})
	admin(t, srv, http.MethodPut, jiraBase+"/lost", `{"username":"changed"}`).expect(t, http.StatusBadGateway, "", "")
	if in, _ := srv.Integration("lost"); in.Username != "changed" {
		t.Fatalf("update not applied: %+v", in)
	}
}

func TestDropConnection(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Inject(Fault{Method: http.MethodPost, Times: 1, DropConnection: true})
	if err := rawPost(srv, body("gone", nil)); err == nil {
		t.Fatal("dropped connection gave an answer")
	}
	if _, ok := srv.Integration("gone"); ok {
		t.Fatal("a plain drop must not reach the handler")
	}

	// Store, then drop: the create happened but the client never hears.
	srv.Inject(Fault{Method: http.MethodPost, Times: 1, StoreThenFail: true, DropConnection: true})
	if err := rawPost(srv, body("half", nil)); err == nil {
		t.Fatal("dropped connection gave an answer")
	}
	if _, ok := srv.Integration("half"); !ok {
		t.Fatal("store-then-drop did not store")
	}
	reqs := waitForRequests(t, srv, 2)
	if reqs[0].Fault != FaultKindDrop || reqs[0].Status != 0 || reqs[1].Fault != FaultKindStoreThenFail || reqs[1].Status != 0 {
		t.Fatalf("logged %+v", reqs)
	}
	mustCreate(t, srv, "after", nil) // faults used up, server still healthy
}

// rawPost creates over a fresh connection and returns the transport error.
func rawPost(srv *Server, payload string) error {
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+jiraBase, strings.NewReader(payload))
	req.Header.Set("Authorization", "Bearer "+srv.AdminToken())
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	return err
}

func TestProbabilisticFaultProportions(t *testing.T) {
	t.Parallel()
	fs := newFaultSet(42)
	fs.faults = []*activeFault{
		{Fault: Fault{Probability: 0.10, Status: 503}},
		{Fault: Fault{Probability: 0.05, Status: 429}},
	}
	const n = 20000
	counts := map[int]int{}
	for i := 0; i < n; i++ {
		f, ok := fs.pick(http.MethodGet, PatternPing, "/xray/api/v1/system/ping", nil)
		if ok {
			counts[f.Status]++
		}
	}
	if got := float64(counts[503]) / n; got < 0.09 || got > 0.11 {
		t.Errorf("503 rate %.3f, want ~0.10", got)
	}
	if got := float64(counts[429]) / n; got < 0.042 || got > 0.058 {
		t.Errorf("429 rate %.3f, want ~0.05", got)
	}
}

func TestProbabilisticFaultsAreReproducible(t *testing.T) {
	t.Parallel()
	run := func() []int {
		srv := NewTestServer(t, WithSeed(7))
		srv.Inject(Fault{Probability: 0.10, Status: 503})
		srv.Inject(Fault{Probability: 0.05, Status: 429, RetryAfter: "1"})
		client := &http.Client{}
		var statuses []int
		for i := 0; i < 150; i++ {
			req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/xray/api/v1/system/ping", nil)
			req.Header.Set("Authorization", "Bearer "+srv.AdminToken())
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 429 && res.Header.Get("Retry-After") != "1" {
				t.Fatal("429 without Retry-After")
			}
			statuses = append(statuses, res.StatusCode)
		}
		return statuses
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, same requests, different faults")
	}
	seen := map[int]bool{}
	for _, s := range a {
		seen[s] = true
	}
	if !seen[200] || !seen[503] || !seen[429] {
		t.Fatalf("statuses seen: %v", seen)
	}
}

// TestProbabilisticFaultsDoNotDependOnArrivalOrder: creates of the same integrations, sent in
// two different orders, meet the same faults attempt by attempt, as concurrent resources of one
// apply must for a run to be replayed. One shared generator handed each request whichever
// number came next.
func TestProbabilisticFaultsDoNotDependOnArrivalOrder(t *testing.T) {
	t.Parallel()
	const names, attempts = 40, 4
	run := func(order []int) map[string][]int {
		srv := NewTestServer(t, WithSeed(3))
		srv.Inject(Fault{Pattern: PatternCreate, Probability: 0.3, Status: 503})
		statuses := map[string][]int{}
		for a := 0; a < attempts; a++ {
			for _, i := range order {
				name := fmt.Sprintf("order-%d", i)
				faulted := 0
				if admin(t, srv, http.MethodPost, jiraBase, body(name, nil)).status == http.StatusServiceUnavailable {
					faulted = 1
				}
				statuses[name] = append(statuses[name], faulted)
			}
		}
		return statuses
	}
	forward := make([]int, names)
	backward := make([]int, names)
	for i := range names {
		forward[i], backward[i] = i, names-1-i
	}
	a, b := run(forward), run(backward)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("the same creates in another order met other faults:\n%v\n%v", a, b)
	}
	faults := 0
	for _, s := range a {
		for _, f := range s {
			faults += f
		}
	}
	if faults == 0 || faults == names*attempts {
		t.Fatalf("%d of %d attempts faulted: the draw is not random", faults, names*attempts)
	}
}
