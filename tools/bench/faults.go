package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// faultSchedule is, per connection_name, the statuses of the injected faults its create met, in
// the order of its attempts. A create not in it met none.
type faultSchedule map[string][]int

// total is the number of faults in s, and most the most that one create met.
func (s faultSchedule) total() (total, most int) {
	for _, statuses := range s {
		total += len(statuses)
		most = max(most, len(statuses))
	}
	return total, most
}

// floorRetries renders s for the floor provider's XRAY_BENCH_FLOOR_RETRIES: for each create,
// the provider's expected wait before each of its retries.
func (s faultSchedule) floorRetries() string {
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	sort.Strings(names)
	entries := make([]string, 0, len(names))
	for _, name := range names {
		waits := make([]string, len(s[name]))
		for i, status := range s[name] {
			waits[i] = retryWait(status, i).String()
		}
		entries = append(entries, name+":"+strings.Join(waits, ","))
	}
	return strings.Join(entries, " ")
}

// retryWait is what the provider waits, on average, before its retry after the ith failed
// attempt (from 0) answered status, as the fake answers it: a 429 with the injected Retry-After,
// a 503 without one (the client's own xray.MeanBackoff).
func retryWait(status, i int) time.Duration {
	header := http.Header{}
	if status == http.StatusTooManyRequests {
		header.Set("Retry-After", retryAfterHeader)
	}
	return xray.MeanBackoff(i, &http.Response{StatusCode: status, Header: header})
}

// metFaults is the schedule the fake's request log shows: the injected faults each create met.
func metFaults(reqs []fakexray.Request) faultSchedule {
	met := faultSchedule{}
	for _, r := range reqs {
		if r.Method == http.MethodPost && r.Fault != "" {
			name := bodyName(r.Body)
			met[name] = append(met[name], r.Status)
		}
	}
	return met
}

// sameFaults says how got and want differ, "" if they do not.
func sameFaults(got, want faultSchedule) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	var diffs []string
	for name, w := range want {
		if g := got[name]; !reflect.DeepEqual(g, w) {
			diffs = append(diffs, fmt.Sprintf("%s met %v, drawn %v", name, g, w))
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s met %v, drawn none", name, g))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// replayFaults draws what the faults phase's runs of n creates meet: it sends each create to a
// fake seeded and faulted like the harness's, again until an attempt meets no fault (at most 50
// times, so that it ends whatever the fake answers), one after the other, and removes the
// integrations between runs as the phase's destroy does. The fake's draws depend on the
// requests alone, so this draws what an apply at any parallelism meets.
func replayFaults(runs, n int) ([]faultSchedule, error) {
	fake, err := fakexray.Start(fakexray.WithSeed(faultSeed), fakexray.WithAddr("127.0.0.1:0"))
	if err != nil {
		return nil, fmt.Errorf("starting the fake Xray for the fault replay: %w", err)
	}
	defer fake.Close()
	for _, f := range injectedFaults {
		fake.Inject(f)
	}
	client := &http.Client{Timeout: 10 * time.Second} // the fake answers at once; a hung one must not hang the harness
	var out []faultSchedule
	for range runs {
		s := faultSchedule{}
		for i := range n {
			name := fmt.Sprintf("bench-%d", i)
			for attempt := 0; ; attempt++ {
				if attempt == 50 {
					return nil, fmt.Errorf("fault replay: %s still faulted after %d attempts", name, attempt)
				}
				status, err := postCreate(client, fake, name)
				if err != nil {
					return nil, fmt.Errorf("fault replay: %w", err)
				}
				if status != http.StatusServiceUnavailable && status != http.StatusTooManyRequests {
					break
				}
				s[name] = append(s[name], status)
			}
		}
		for _, in := range fake.Integrations() {
			fake.Remove(in.ConnectionName)
		}
		out = append(out, s)
	}
	return out, nil
}

// postCreate sends the create of the bench configuration's integration name, on the fake's
// create route, and returns the answer's status. Only the name matters to the fake's draw.
func postCreate(client *http.Client, fake *fakexray.Server, name string) (int, error) {
	body, err := json.Marshal(map[string]any{"connection_name": name, "username": "bench@example.com", "password": "bench-password",
		"installation_type": "cloud", "jira_server_url": "https://bench.atlassian.net", "skip_proxy": false})
	if err != nil {
		return 0, err
	}
	method, path, _ := strings.Cut(fakexray.PatternCreate, " ")
	req, err := http.NewRequest(method, fake.URL()+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+fake.AdminToken())
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	return res.StatusCode, nil
}

// mostFaulted names the integrations whose creates met the most injected faults, each with the
// statuses its create attempts got in order, so that an apply that failed under faults says
// whether a retry budget ran out or something else went wrong.
func mostFaulted(reqs []fakexray.Request) string {
	met := metFaults(reqs)
	_, most := met.total()
	if most == 0 {
		return "no create met an injected fault"
	}
	attempts := map[string][]string{}
	for _, r := range reqs {
		if r.Method != http.MethodPost {
			continue
		}
		status := strconv.Itoa(r.Status)
		if r.Fault != "" {
			status += " (injected)"
		}
		name := bodyName(r.Body)
		attempts[name] = append(attempts[name], status)
	}
	var lines []string
	for name, statuses := range met {
		if len(statuses) == most {
			lines = append(lines, fmt.Sprintf("%s: %d injected faults, attempts %s", name, most, strings.Join(attempts[name], ", ")))
		}
	}
	sort.Strings(lines)
	return "most faulted creates: " + strings.Join(lines, "; ")
}
