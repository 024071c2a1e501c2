package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// TestInjectedFaultsLeaveEveryCreateARetry: with the harness's seed, no create of the faults
// phase, at the default size and up to 10 runs, meets more injected faults than the provider
// retries, so the phase cannot fail on its own draw. A draw from one generator shared by all
// requests depended on their order, and a run failed once in run 2/3 with a create out of
// retries ("HTTP 503").
func TestInjectedFaultsLeaveEveryCreateARetry(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	schedules, err := replayFaults(10, o.N)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, s := range schedules {
		_, m := s.total()
		most = max(most, m)
	}
	if most > xray.DefaultRetryMax {
		t.Fatalf("seed %d: a create meets %d faults, and the provider retries %d times", faultSeed, most, xray.DefaultRetryMax)
	}
	if most < 2 {
		t.Fatalf("seed %d: no create met more than %d fault: the faults are not drawn as injected", faultSeed, most)
	}
}

// The replay draws each run anew: the fake's draws go on from one run to the next, as they do
// for the harness's one fake.
func TestReplayedRunsDiffer(t *testing.T) {
	schedules, err := replayFaults(2, 200)
	if err != nil {
		t.Fatal(err)
	}
	if sameFaults(schedules[0], schedules[1]) == "" {
		t.Fatalf("two runs drew the same faults: %v", schedules[0])
	}
}

// The floor provider waits what the provider waits on average: Retry-After for a 429, the mean
// of the jittered, doubling backoff for a 503.
func TestRetryWait(t *testing.T) {
	for _, c := range []struct {
		status, i int
		want      time.Duration
	}{
		{http.StatusTooManyRequests, 0, time.Second},
		{http.StatusTooManyRequests, 3, time.Second},
		{http.StatusServiceUnavailable, 0, 150 * time.Millisecond},
		{http.StatusServiceUnavailable, 1, 300 * time.Millisecond},
		{http.StatusServiceUnavailable, 2, 600 * time.Millisecond},
		{http.StatusServiceUnavailable, 6, 3 * time.Second}, // 12.8 s, capped at 4 s
	} {
		if got := retryWait(c.status, c.i); got != c.want {
			t.Errorf("retryWait(%d, %d) = %v, want %v", c.status, c.i, got, c.want)
		}
	}
}

func TestFloorRetries(t *testing.T) {
	s := faultSchedule{"bench-7": {503}, "bench-12": {429, 503}}
	if got, want := s.floorRetries(), "bench-12:1s,300ms bench-7:150ms"; got != want {
		t.Errorf("floorRetries = %q, want %q", got, want)
	}
	if total, most := s.total(); total != 3 || most != 2 {
		t.Errorf("total = %d, %d; want 3, 2", total, most)
	}
}

// metFaults reads the faults each create met from the fake's log, in order, and nothing else.
func TestMetFaults(t *testing.T) {
	body := func(name string) string { return `{"connection_name":"` + name + `"}` }
	reqs := []fakexray.Request{
		{Method: http.MethodGet, Path: "/xray/api/v1/ticketing/jira-integrations/a", Status: 404},
		{Method: http.MethodPost, Body: body("a"), Status: 429, Fault: "status"},
		{Method: http.MethodPost, Body: body("b"), Status: 200},
		{Method: http.MethodPost, Body: body("a"), Status: 503, Fault: "status"},
		{Method: http.MethodPost, Body: body("a"), Status: 200},
	}
	got := metFaults(reqs)
	want := faultSchedule{"a": {429, 503}}
	if d := sameFaults(got, want); d != "" {
		t.Errorf("metFaults: %s", d)
	}
	if d := sameFaults(faultSchedule{"a": {503}, "c": {429}}, want); d != "a met [503], drawn [429 503]; c met [429], drawn none" {
		t.Errorf("sameFaults = %q", d)
	}
}

// A failed faults apply names the creates that met the most faults, with every attempt's status.
func TestMostFaulted(t *testing.T) {
	body := func(name string) string { return `{"connection_name":"` + name + `"}` }
	reqs := []fakexray.Request{
		{Method: http.MethodPost, Body: body("b"), Status: 503, Fault: "status"},
		{Method: http.MethodPost, Body: body("a"), Status: 429, Fault: "status"},
		{Method: http.MethodPost, Body: body("c"), Status: 503, Fault: "status"},
		{Method: http.MethodPost, Body: body("a"), Status: 503, Fault: "status"},
		{Method: http.MethodPost, Body: body("b"), Status: 503, Fault: "status"},
		{Method: http.MethodPost, Body: body("c"), Status: 200},
		{Method: http.MethodPost, Body: body("b"), Status: 0},
	}
	want := "most faulted creates: a: 2 injected faults, attempts 429 (injected), 503 (injected); " +
		"b: 2 injected faults, attempts 503 (injected), 503 (injected), 0"
	if got := mostFaulted(reqs); got != want {
		t.Errorf("mostFaulted =\n%s\nwant\n%s", got, want)
	}
	if got := mostFaulted(reqs[5:6]); got != "no create met an injected fault" {
		t.Errorf("mostFaulted without faults = %q", got)
	}
}
