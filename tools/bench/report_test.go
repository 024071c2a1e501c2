package main

import (
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

func secs(v ...float64) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x * float64(time.Second))
	}
	return out
}

// sampleReport: N=200, parallelism 10, one latency of 200 ms. Network time per trip is 4 s.
func sampleReport() *report {
	return &report{
		Machine:     machineInfo{NProc: 2, CPU: "Test CPU", MemTotal: "8.0 GiB", LoadAvg: "0.1 0.2 0.3", OS: "linux/amd64", GoVersion: "go1.26.8", Terraform: "Terraform v1.11.4"},
		Command:     "scripts/bench.sh -runs 3",
		GoCommand:   "bench -runs 3",
		Date:        time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC),
		N:           200,
		Parallelism: 10,
		Runs:        3,
		BinaryBytes: 19_000_000,
		Latencies: []*latencyResult{{
			Latency: 200 * time.Millisecond,
			Style:   fakexray.FlavourBoth,
			Router:  fakexray.RouterXray,
			Phases: []*phaseResult{
				{Name: "apply", Command: "apply -auto-approve", NetworkTrips: 1,
					Xray: secs(6.1, 6.0, 9.0), Paired: []float64{1.03, 1.02, 1.04}, Floor: secs(6.0, 5.9, 6.1), Data: secs(2.0, 1.9, 2.1),
					XrayCPU: secs(1.2, 1.3, 1.1), FloorCPU: secs(1.0, 0.9, 1.1), HTTPFloor: secs(6.1, 5.9, 6.0), HTTPFloorCPU: secs(1.1, 1.2, 1.0),
					Counts: map[string]int{fakexray.PatternCreate: 600}, PeakRSSKiB: 25000, Processes: 9},
				{Name: "refresh", Command: "plan -refresh-only", NetworkTrips: 1,
					Xray: secs(7.0, 7.0, 7.0), Paired: []float64{1.4, 1.4, 1.4}, Floor: secs(5.0, 5.0, 5.0), Data: secs(1.0, 1.0, 1.0),
					Counts: map[string]int{fakexray.PatternReadByName: 600, fakexray.PatternVersion: 3}, PeakRSSKiB: 24000, Processes: 6,
					Problems: []string{"run 1: unexpected 1× GET /xray/api/v1/system/version"}},
				{Name: "destroy", Command: "destroy -auto-approve", NetworkTrips: 2,
					Xray: secs(10.0, 10.1, 10.2), Paired: []float64{1.0, 1.01, 1.02}, Floor: secs(10.0, 10.0, 10.0), Data: secs(2.0, 2.0, 2.0),
					Counts: map[string]int{fakexray.PatternReadByName: 600, fakexray.PatternDelete: 600}, PeakRSSKiB: 26000, Processes: 9},
			},
		}},
		Faults: &faultResult{Latency: 200 * time.Millisecond, Applies: secs(7.0, 8.0, 9.0), FaultFree: 6 * time.Second, FloorApply: 6 * time.Second,
			Counts: map[string]int{fakexray.PatternCreate: 690}, Faulted: 90, PeakRSSKiB: 25500,
			MaxChain: 2, Floors: secs(9.0, 9.6, 9.9)},
		Startup: &startupResult{Plain: 5200 * time.Microsecond, MTLS: 18700 * time.Microsecond},
	}
}

func TestTargets(t *testing.T) {
	got := map[string]targetResult{}
	for _, tr := range sampleReport().targets() {
		got[tr.Name] = tr
	}
	check := func(name, value string, pass bool) {
		t.Helper()
		tr, ok := got[name]
		if !ok {
			t.Fatalf("no target %q in %v", name, got)
		}
		if tr.Got != value || tr.Pass != pass {
			t.Errorf("%s: got %s %v, want %s %v", name, tr.Got, tr.Pass, value, pass)
		}
	}
	// apply: the median of its ratios to the floor runs beside it, 1.030 ≤ 1.05, not its
	// median over the floor's median (6.1 / 6.0 = 1.017).
	check("apply / floor beside it at 200ms, both path style, xray router", "1.030", true)
	// refresh: 1.4 in every round.
	check("refresh / floor beside it at 200ms, both path style, xray router", "1.400", false)
	// destroy: the median of 1.0, 1.01 and 1.02.
	check("destroy / floor beside it at 200ms, both path style, xray router", "1.010", true)
	check("provider peak RSS (any phase)", "26.6 MB (25.4 MiB)", true)
	check("release binary size", "19.0 MB", true)
	// faults: median 8 s against a retry floor of 9.6 s.
	check("apply with faults / retry floor at 200ms", "0.833", true)
	// The HTTP floor's own ratio: 6.0 / 6.0 for apply; refresh was run without one.
	if h := got["apply / floor beside it at 200ms, both path style, xray router"].HTTPFloor; h != "1.000" {
		t.Errorf("apply's HTTP floor / floor = %q, want 1.000", h)
	}
	if h := got["refresh / floor beside it at 200ms, both path style, xray router"].HTTPFloor; h != "" {
		t.Errorf("refresh has no HTTP floor, but its target shows %q", h)
	}
	for name, tr := range got {
		if strings.HasPrefix(name, "requests on every path style:") && (tr.Pass || tr.Got != "1 discrepancies") {
			t.Errorf("request target: %+v", tr)
		}
	}
}

func TestTargetsWithoutRatioTarget(t *testing.T) {
	r := sampleReport()
	r.Latencies[0].Latency = 5 * time.Millisecond
	r.Faults = nil
	for _, tr := range r.targets() {
		if strings.Contains(tr.Name, "beside it") || strings.Contains(tr.Name, "fault") {
			t.Errorf("unexpected target %q", tr.Name)
		}
	}
}

func TestRenderResults(t *testing.T) {
	out := renderResults(sampleReport())
	for _, want := range []string{
		"| phase | median | floor provider median (median / it) | HTTP floor median (median / it) | ratio to the reference beside it | target | terraform_data median | terraform_data + network | provider CPU / floor's / HTTP floor's | requests per resource by endpoint | provider peak RSS |",
		"| apply (`apply -auto-approve`) | 6.10 s | 6.00 s (1.017) | 6.00 s (1.017) | 1.030 (floor) | ≤ 1.05 PASS | 2.00 s | 6.00 s | 1.20 s / 1.00 s / 1.10 s | POST jira-integrations ×1 | 25.6 MB (3 processes/run) |",
		"| refresh (`plan -refresh-only`) | 7.00 s | 5.00 s (1.400) | — | 1.400 (floor) | ≤ 1.05 MISS | 1.00 s | 5.00 s | 0.00 s / 0.00 s | **UNEXPECTED:** GET system/version ×0.01 (3 in all), GET jira-integrations/{name} ×1 |",
		"> **WARNING: UNEXPECTED REQUESTS**",
		"> - refresh, run 1: unexpected 1× GET /xray/api/v1/system/version",
		"| destroy (`destroy -auto-approve`) | 10.10 s | 10.00 s (1.010) | — | 1.010 (floor) | ≤ 1.05 PASS | 2.00 s | 10.00 s | 0.00 s / 0.00 s | DELETE jira-integrations/{name} ×1, GET jira-integrations/{name} ×1 |",
		"| apply with faults | 8.00 s | 9.60 s | 0.833 | ≤ 1.10 PASS | 6.00 s | 1.33× | POST jira-integrations ×1.15 (690 in all) |",
		"the floor provider's fault-free apply median is 6.00 s",
		"The retry floor is measured, not estimated",
		"90 faults fired over 3 run(s) of 200 creates, against 106 expected",
		"so a create meets 0.176 faults on average",
		"| command | `scripts/bench.sh -runs 3` |",
		"| target | wanted | got | result | HTTP floor / floor |",
		"| apply / floor beside it at 200ms, both path style, xray router | ≤ 1.05 | 1.030 | **PASS** | 1.000 |",
		"| refresh / floor beside it at 200ms, both path style, xray router | ≤ 1.05 | 1.400 | **MISS** | — |",
		"| machine | Test CPU, 2 CPUs (nproc), 8.0 GiB memory, linux/amd64 |",
		"| release binary | 19.0 MB (19000000 bytes",
		"### Latency 200ms per request, both path style, xray router",
		"| refresh / floor beside it at 200ms, both path style, xray router | ≤ 1.05 | 1.400 | **MISS** |",
		"| as Terraform starts it, with automatic mutual TLS | 18.7 ms |",
		"| without TLS | 5.2 ms |",
		"so 18.7 ms is paid 3 times by a refresh-only plan",
		"The 13.5 ms between",
		"```text\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("results lack %q\n\n%s", want, out)
		}
	}
}

func TestRenderChart(t *testing.T) {
	out := renderChart(sampleReport(), 20)
	// Longest bar is the destroy median of 10.1 s: 20 cells of 505 ms.
	for _, want := range []string{
		"one character = 505ms",
		"  destroy  median |####################| 10.10 s  ratio 1.010",
		// destroy floor: terraform_data 2 s = 4 cells of '=', the floor provider's 10 s = 20 cells.
		"           floor  |====----------------| 10.00 s",
		// apply floor: terraform_data 2 s = 4 cells, the floor provider's 6 s = 12 cells.
		"           floor  |====--------        |  6.00 s",
		"  apply    faults |################    |  8.00 s  ratio 0.833",
		// retry floor 9.6 s = 19 cells: 12 of the floor provider's apply median, 7 of waits.
		"           floor  |============------- |  9.60 s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chart lacks %q\n\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "|") && strings.Index(line, "|") != 18 {
			t.Errorf("bars not aligned: %q", line)
		}
	}
	if got := renderChart(&report{}, 20); got != "(nothing measured)\n" {
		t.Errorf("empty chart = %q", got)
	}
}

func TestRenderDocument(t *testing.T) {
	out := renderDocument(sampleReport())
	for _, want := range []string{"# Benchmarks", "## Method", "`plan -refresh-only`", "each phase repeated\n(3 run(s); medians shown)", "## Results"} {
		if !strings.Contains(out, want) {
			t.Errorf("document lacks %q", want)
		}
	}
}

// A -skip-name-check report says what it is and how to make it again, not how to rewrite
// BENCHMARKS.md, so that a copy under benchmarks/ reads true.
func TestRenderDocumentOfTheOptOut(t *testing.T) {
	r := sampleReport()
	r.SkipNameCheck = true
	out := renderDocument(r)
	for _, want := range []string{"# Benchmarks: bulk creates with skip_name_check", "-skip-name-check -faults=false -out benchmarks/skip-name-check-terraform.md", "## Method", "## Results"} {
		if !strings.Contains(out, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if strings.Contains(out, "rewrites this file") {
		t.Errorf("the opt-out's report tells how to rewrite BENCHMARKS.md:\n%s", out[:400])
	}
}

// Below 200 ms the targets are ratios to the HTTP floor, what a provider that sends the same
// requests and nothing else costs; from 200 ms, to the floor.
func TestTargetsAt20msAreRatiosToTheHTTPFloor(t *testing.T) {
	r := sampleReport()
	lr := *r.Latencies[0]
	lr.Latency = 20 * time.Millisecond
	r.Latencies = append(r.Latencies, &lr)
	got := map[string]targetResult{}
	for _, tr := range r.targets() {
		got[tr.Name] = tr
	}
	// apply: measured with an HTTP floor, so its ratio is to the HTTP floor runs beside it.
	if tr, ok := got["apply / HTTP floor beside it at 20ms, both path style, xray router"]; !ok || tr.Got != "1.030" {
		t.Errorf("20 ms apply target = %+v (found %t), want a ratio to the HTTP floor of 1.030", tr, ok)
	}
	if _, ok := got["apply / floor beside it at 200ms, both path style, xray router"]; !ok {
		t.Errorf("the 200 ms target is no longer a ratio to the floor: %v", got)
	}
	// refresh measured no HTTP floor: its target stays a ratio to the floor.
	if _, ok := got["refresh / floor beside it at 20ms, both path style, xray router"]; !ok {
		t.Errorf("a phase without an HTTP floor lost its target: %v", got)
	}
}

// The report says how often each latency's phases ran: more at the short latencies.
func TestRunsText(t *testing.T) {
	r := &report{Runs: 3, ShortRuns: 11}
	for _, c := range []struct {
		lats []time.Duration
		want string
	}{
		{[]time.Duration{20 * time.Millisecond, 200 * time.Millisecond}, "11 run(s) below 100ms and 3 from it"},
		{[]time.Duration{200 * time.Millisecond}, "3 run(s)"},
		{[]time.Duration{20 * time.Millisecond}, "11 run(s)"},
	} {
		r.Latencies = nil
		for _, l := range c.lats {
			r.Latencies = append(r.Latencies, &latencyResult{Latency: l})
		}
		if got := r.runsText(); got != c.want {
			t.Errorf("runsText at %v = %q, want %q", c.lats, got, c.want)
		}
	}
	if got, want := runsAt(20*time.Millisecond, 3, 11), 11; got != want {
		t.Errorf("runsAt(20ms) = %d, want %d", got, want)
	}
	if got, want := runsAt(200*time.Millisecond, 3, 11), 3; got != want {
		t.Errorf("runsAt(200ms) = %d, want %d", got, want)
	}
}

// Beside each target ratio, the reference against itself: the median of the control's ratios
// (one more copy of the reference, paired like a shape), the ratio chance alone gives with a
// shape's number of runs. A phase measured without a control shows none.
func TestTargetsShowTheReferenceAgainstItself(t *testing.T) {
	r := sampleReport()
	apply := r.Latencies[0].Phases[0]
	apply.Control = []float64{1.05, 1.04, 1.07}
	got := map[string]targetResult{}
	for _, tr := range r.targets() {
		got[tr.Name] = tr
	}
	// The median of 1.05, 1.04 and 1.07.
	if n := got["apply / floor beside it at 200ms, both path style, xray router"].Noise; n != "1.050" {
		t.Errorf("apply's reference against itself = %q, want 1.050", n)
	}
	if n := got["refresh / floor beside it at 200ms, both path style, xray router"].Noise; n != "" {
		t.Errorf("refresh has no reference copies, but its target shows %q", n)
	}
	if doc := renderResults(r); !strings.Contains(doc, "| **MISS** | — | — |") || !strings.Contains(doc, "| 1.000 | 1.050 |") {
		t.Errorf("the Targets table does not show the reference against itself:\n%s", doc)
	}
}
