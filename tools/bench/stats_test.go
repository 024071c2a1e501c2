package main

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

func TestMedian(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{ms(7), 7 * time.Millisecond},
		{ms(5, 1, 3), 3 * time.Millisecond},
		{ms(4, 1, 3, 2), 2500 * time.Microsecond},
		{ms(9, 9, 1, 9, 1), 9 * time.Millisecond},
	}
	for _, tt := range tests {
		in := append([]time.Duration(nil), tt.in...)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		if !reflect.DeepEqual(in, tt.in) {
			t.Errorf("median reordered its input: %v", tt.in)
		}
	}
}

func TestNetworkFloor(t *testing.T) {
	// 200 resources, 20 ms, parallelism 10: 200·20ms/10 = 400 ms of network per trip.
	if got, want := networkFloor(3*time.Second, 200, 1, 20*time.Millisecond, 10), 3400*time.Millisecond; got != want {
		t.Errorf("apply floor = %v, want %v", got, want)
	}
	// Destroy reads then deletes: twice the network.
	if got, want := networkFloor(3*time.Second, 200, 2, 200*time.Millisecond, 10), 11*time.Second; got != want {
		t.Errorf("destroy floor = %v, want %v", got, want)
	}
	// Not a multiple of the parallelism: the formula is N·latency/P, not ceil(N/P)·latency.
	if got, want := networkFloor(0, 15, 1, 100*time.Millisecond, 10), 150*time.Millisecond; got != want {
		t.Errorf("floor = %v, want %v", got, want)
	}
	if got, want := networkFloor(time.Second, 10, 1, 0, 10), time.Second; got != want {
		t.Errorf("zero latency floor = %v, want %v", got, want)
	}
	if got, want := networkFloor(0, 10, 1, time.Second, 0), 10*time.Second; got != want {
		t.Errorf("parallelism 0 is treated as 1: %v, want %v", got, want)
	}
}

func TestRatio(t *testing.T) {
	if got := ratio(3*time.Second, 2*time.Second); got != 1.5 {
		t.Errorf("ratio = %v, want 1.5", got)
	}
	if got := ratio(time.Second, 0); got != 0 {
		t.Errorf("ratio with a zero floor = %v, want 0", got)
	}
}

func TestRatioTarget(t *testing.T) {
	tests := []struct {
		lat  time.Duration
		want float64
		ok   bool
	}{
		{0, 0, false},
		{10 * time.Millisecond, 0, false},
		{20 * time.Millisecond, 1.05, true},
		{100 * time.Millisecond, 1.05, true},
		{200 * time.Millisecond, 1.05, true},
		{time.Second, 1.05, true},
	}
	for _, tt := range tests {
		got, ok := ratioTarget(tt.lat)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ratioTarget(%v) = %v, %v; want %v, %v", tt.lat, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseLatencies(t *testing.T) {
	got, err := parseLatencies(" 20ms, 200ms ,1s")
	if err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{20 * time.Millisecond, 200 * time.Millisecond, time.Second}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"", ",", "20", "fast", "-1ms"} {
		if _, err := parseLatencies(bad); err == nil {
			t.Errorf("parseLatencies(%q) accepted", bad)
		}
	}
}

func TestCheckCounts(t *testing.T) {
	destroy := phases[2].Expected
	ok := map[string]int{fakexray.PatternReadByName: 3, fakexray.PatternDelete: 3}
	if p := checkCounts(ok, destroy, nil, 3); p != nil {
		t.Errorf("expected counts flagged: %v", p)
	}
	// The documented read route counts as a read too.
	if p := checkCounts(map[string]int{fakexray.PatternReadDetails: 3}, phases[1].Expected, nil, 3); p != nil {
		t.Errorf("documented read route flagged: %v", p)
	}
	bad := map[string]int{
		fakexray.PatternReadByName:                            4, // one read too many
		fakexray.PatternDelete:                                3,
		fakexray.PatternVersion:                               1, // not expected at all
		"GET /nope (unmatched)":                               2, // unmatched path
		fakexray.PatternCreate:                                1, // wrong class for destroy
		"PUT /xray/api/v1/ticketing/jira-integrations/{name}": 1, // an update
	}
	p := checkCounts(bad, destroy, nil, 3)
	joined := strings.Join(p, "\n")
	for _, want := range []string{
		"4 read requests for 3 resources, want 3",
		"unexpected 1× GET /xray/api/v1/system/version",
		"unexpected 2× GET /nope (unmatched)",
		"unexpected 1× POST /xray/api/v1/ticketing/jira-integrations",
		"unexpected 1× PUT /xray/api/v1/ticketing/jira-integrations/{name}",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}
	if len(p) != 5 {
		t.Errorf("got %d problems, want 5:\n%s", len(p), joined)
	}
	// Nothing sent at all is also a discrepancy.
	if p := checkCounts(nil, map[string]int{classCreate: 1}, nil, 2); len(p) != 1 || !strings.Contains(p[0], "0 create requests for 2 resources, want 2") {
		t.Errorf("missing creates: %v", p)
	}
}

// An apply of n new integrations reads each twice (the plan-time check, in the plan and in the
// apply's re-plan), each of its two provider processes may read the other route and the
// version once to settle the route style, and one create may read its integration on both
// routes to prove the route.
func TestApplyExpectsThePlanTimeCheck(t *testing.T) {
	const n = 3
	counts := map[string]int{fakexray.PatternReadByName: 2*n + 1, fakexray.PatternReadDetails: 2 + 1, fakexray.PatternVersion: 2, fakexray.PatternCreate: n}
	if p := checkCounts(counts, phases[0].Expected, phases[0].Extra, n); p != nil {
		t.Errorf("the plan-time check's and the proof's reads were flagged: %v", p)
	}
	counts[fakexray.PatternReadByName]++
	if p := checkCounts(counts, phases[0].Expected, phases[0].Extra, n); len(p) != 1 || !strings.Contains(p[0], "want 6 to 10") {
		t.Errorf("one read too many was not flagged: %v", p)
	}
	counts[fakexray.PatternReadByName]--
	counts[fakexray.PatternVersion]++
	if p := checkCounts(counts, phases[0].Expected, phases[0].Extra, n); len(p) != 1 {
		t.Errorf("a third version request was not flagged: %v", p)
	}
	// A refresh may discover the style once, and asks no version.
	refresh := map[string]int{fakexray.PatternReadByName: n, "GET /xray/api/v1/ticketing/jira-integrations/x/details (unmatched)": 1}
	if p := checkCounts(refresh, phases[1].Expected, phases[1].Extra, n); p != nil {
		t.Errorf("a refresh's discovery was flagged: %v", p)
	}
	refresh[fakexray.PatternVersion] = 1
	if p := checkCounts(refresh, phases[1].Expected, phases[1].Extra, n); len(p) != 1 {
		t.Errorf("a refresh's version request was not flagged: %v", p)
	}
}

func TestCheckTotalsWithRetries(t *testing.T) {
	counts := map[string]int{fakexray.PatternCreate: 23}
	if p := checkTotals(counts, map[string]int{classCreate: 20 + 3}, 20); p != nil {
		t.Errorf("one retry per fault flagged: %v", p)
	}
	if p := checkTotals(counts, map[string]int{classCreate: 20 + 2}, 20); len(p) != 1 {
		t.Errorf("an extra POST was not flagged: %v", p)
	}
}

func TestPerResource(t *testing.T) {
	counts := map[string]int{fakexray.PatternReadByName: 400, fakexray.PatternDelete: 400, "GET /x (unmatched)": 3}
	got := perResource(counts, 400)
	want := "DELETE jira-integrations/{name} ×1, GET /x (unmatched) ×0.01 (3 in all), GET jira-integrations/{name} ×1"
	if got != want {
		t.Errorf("perResource = %q, want %q", got, want)
	}
	if got := perResource(map[string]int{fakexray.PatternCreate: 230}, 200); got != "POST jira-integrations ×1.15 (230 in all)" {
		t.Errorf("perResource = %q", got)
	}
	discovery := map[string]int{
		"GET /xray/api/v1/ticketing/jira-integrations/bench-0 (unmatched)":         2,
		"GET /xray/api/v1/ticketing/jira-integrations/bench-17 (unmatched)":        1,
		"GET /xray/api/v1/ticketing/jira-integrations/bench-3/details (unmatched)": 1,
		fakexray.PatternReadDetails: 600,
	}
	want = "GET jira-integrations/{name} (unmatched) ×0.01 (3 in all), GET jira-integrations/{name}/details ×1, GET jira-integrations/{name}/details (unmatched) ×0 (1 in all)"
	if got := perResource(discovery, 600); got != want {
		t.Errorf("perResource of one discovery read per run = %q, want %q", got, want)
	}
	if got := perResource(nil, 10); got != "none" {
		t.Errorf("perResource(nil) = %q", got)
	}
	if got := shortEndpoint(fakexray.PatternVersion); got != "GET system/version" {
		t.Errorf("shortEndpoint = %q", got)
	}
}

func TestTrimFloat(t *testing.T) {
	for in, want := range map[float64]string{1: "1", 1.5: "1.5", 1.07: "1.07", 0.004: "0", 2.999: "3", 0.1: "0.1"} {
		if got := trimFloat(in); got != want {
			t.Errorf("trimFloat(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestParseUsage(t *testing.T) {
	u, err := parseUsage("21000 150000\n\n27500 250000\n9000 100\n")
	if want := (usage{MaxKiB: 27500, Processes: 3, CPU: 400100 * time.Microsecond}); err != nil || u != want {
		t.Errorf("parseUsage = %+v, %v; want %+v, nil", u, err, want)
	}
	if u, err := parseUsage(""); err != nil || u != (usage{}) {
		t.Errorf("empty: %+v, %v", u, err)
	}
	for _, bad := range []string{"12 MB\n", "27500\n", "1 2 3\n"} {
		if _, err := parseUsage(bad); err == nil {
			t.Errorf("the malformed line %q was accepted", bad)
		}
	}
}

func TestWithoutEnv(t *testing.T) {
	env := []string{"A=1", envWrapTarget + "=/x", "B=2", envWrapOut + "=/y", envWrapTarget + "X=keep"}
	got := withoutEnv(env, envWrapTarget, envWrapOut)
	if want := []string{"A=1", "B=2", envWrapTarget + "X=keep"}; !reflect.DeepEqual(got, want) {
		t.Errorf("withoutEnv = %v, want %v", got, want)
	}
}

func TestCleanEnv(t *testing.T) {
	got := cleanEnv([]string{"PATH=/bin", "TF_LOG=trace", "TF_CLI_ARGS_plan=-refresh=false", "TF_CLI_CONFIG_FILE=/x",
		"TF_REATTACH_PROVIDERS={}", "JFROG_URL=https://real", "XRAY_ACCESS_TOKEN=t", "TF_VAR_x=1", "TF_ACC_TERRAFORM_PATH=/tf"})
	want := []string{"PATH=/bin", "TF_ACC_TERRAFORM_PATH=/tf", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cleanEnv = %v, want %v", got, want)
	}
}

func TestParseFlags(t *testing.T) {
	t.Setenv("TF_ACC_TERRAFORM_PATH", "/opt/tofu")
	o, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.N != 200 || o.Parallelism != 10 || o.Runs != 3 || !o.Faults || o.Strict || o.Terraform != "/opt/tofu" ||
		!reflect.DeepEqual(o.Latencies, []time.Duration{20 * time.Millisecond, 200 * time.Millisecond}) {
		t.Errorf("defaults: %+v", o)
	}
	// The standard run measures every server shape the fake plays.
	if !reflect.DeepEqual(o.Styles, []fakexray.Flavour{fakexray.FlavourBoth, fakexray.FlavourDocumented, fakexray.FlavourObserved}) ||
		!reflect.DeepEqual(o.Routers, fakexray.RouterStyles) {
		t.Errorf("default shapes: styles %v, routers %v; want every style under every router", o.Styles, o.Routers)
	}
	o, err = parseFlags([]string{"-n", "50", "-runs", "3", "-latency", "5ms", "-faults=false", "-strict", "-terraform", "tf"})
	if err != nil {
		t.Fatal(err)
	}
	if o.N != 50 || o.Runs != 3 || o.Faults || !o.Strict || o.Terraform != "tf" || len(o.Latencies) != 1 {
		t.Errorf("parsed: %+v", o)
	}
	for _, bad := range [][]string{{"-n", "0"}, {"-runs", "0"}, {"-parallelism", "0"}, {"extra"}, {"-latency", "x"}, {"-routers", "nginx"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%v) accepted", bad)
		}
	}
}

func TestShellQuote(t *testing.T) {
	got := harnessCommand([]string{"-terraform", "/usr/bin/terraform", "-latency", "20ms,200ms", "-out", "my file.md", "it's"})
	want := `bench -terraform /usr/bin/terraform -latency 20ms,200ms -out 'my file.md' 'it'\''s'`
	if got != want {
		t.Errorf("harnessCommand = %s, want %s", got, want)
	}
}

func TestFormatMemTotal(t *testing.T) {
	if got := formatMemTotal("24683876 kB"); got != "23.5 GiB" {
		t.Errorf("formatMemTotal = %q", got)
	}
	if got := formatMemTotal("odd"); got != "odd" {
		t.Errorf("formatMemTotal(odd) = %q", got)
	}
}

func TestReplanSeesPlan(t *testing.T) {
	for line, want := range map[string]bool{
		"Terraform v1.16.4":    true,
		"Terraform v1.16.0":    true,
		"Terraform v1.17.0":    true,
		"Terraform v2.0.1":     true,
		"Terraform v1.15.3":    false,
		"Terraform v1.11.4":    false,
		"OpenTofu v1.12.6":     false,
		"":                     false,
		"Terraform vsomething": false,
	} {
		if got := replanSeesPlan(line); got != want {
			t.Errorf("replanSeesPlan(%q) = %v, want %v", line, got, want)
		}
	}
}

// Where the apply's second plan gets the first one's private data, the apply's budget is one
// check per resource and one discovery (the plan's process), and the floor waits one trip fewer.
func TestPhasesForTheCLI(t *testing.T) {
	old, now := phasesFor(false, false)[0], phasesFor(true, false)[0]
	if old.NetworkTrips != 3 || old.Expected[classRead] != 2 || old.Extra[classRead]+old.Extra[classVersion] != 4+proofReads {
		t.Errorf("apply without the plan's private data: %+v", old)
	}
	if now.NetworkTrips != 2 || now.Expected[classRead] != 1 || now.Expected[classCreate] != 1 || now.Extra[classRead]+now.Extra[classVersion] != 2+proofReads {
		t.Errorf("apply with the plan's private data: %+v", now)
	}
	// An apply of 200 on Terraform 1.16: 200 checks, the discovery of the plan's process and the
	// route's proof by one create.
	counts := map[string]int{fakexray.PatternReadByName: 201, fakexray.PatternReadDetails: 2, fakexray.PatternVersion: 1, fakexray.PatternCreate: 200}
	if p := checkCounts(counts, now.Expected, now.Extra, 200); p != nil {
		t.Errorf("a Terraform 1.16 apply's requests flagged: %v", p)
	}
	counts[fakexray.PatternReadByName] = 400 // the second plan checking again
	if p := checkCounts(counts, now.Expected, now.Extra, 200); p == nil {
		t.Errorf("a second check per resource passed the Terraform 1.16 budget")
	}
}

// With -skip-name-check, on any CLI, an apply is the creates alone: a provider that still checks
// each name in the plan is flagged, and the floor waits one trip per resource.
func TestPhasesWithoutTheNameCheck(t *testing.T) {
	for _, replan := range []bool{false, true} {
		apply := phasesFor(replan, true)[0]
		if apply.NetworkTrips != 1 || apply.Expected[classRead] != 0 || apply.Expected[classCreate] != 1 {
			t.Errorf("replanSeesPlan %v: apply without the check: %+v", replan, apply)
		}
		counts := map[string]int{fakexray.PatternCreate: 200, fakexray.PatternVersion: 1}
		if p := checkCounts(counts, apply.Expected, apply.Extra, 200); p != nil {
			t.Errorf("replanSeesPlan %v: the creates alone were flagged: %v", replan, p)
		}
		// One create's proof of the route, on both routes, is within the budget.
		counts[fakexray.PatternReadByName], counts[fakexray.PatternReadDetails] = 1, 1
		if p := checkCounts(counts, apply.Expected, apply.Extra, 200); p != nil {
			t.Errorf("replanSeesPlan %v: the route's proof was flagged: %v", replan, p)
		}
		counts[fakexray.PatternReadByName] = 200 // the check, still made
		if p := checkCounts(counts, apply.Expected, apply.Extra, 200); p == nil {
			t.Errorf("replanSeesPlan %v: a plan-time read per resource passed the budget without the check", replan)
		}
	}
}

// Each run draws its own order of the kinds, the same each time the harness runs: over the
// standard three runs no kind is always first, and none always follows the same kind.
func TestShuffledChangesPlaceAndNeighbourEachRun(t *testing.T) {
	kinds := []string{"data", "floor", "http"}
	for _, style := range []string{"both", "documented", "observed"} {
		for _, router := range []string{"go", "gin", "xray", "platform"} {
			kinds = append(kinds, style+"/"+router)
		}
	}
	const runs = 3
	firsts := map[string]bool{}
	before := map[string]map[string]bool{} // kind → the kinds that came just before it
	for run := 1; run <= runs; run++ {
		got := shuffled(kinds, run)
		if again := shuffled(kinds, run); !slices.Equal(again, got) {
			t.Errorf("run %d: two draws differ, %v and %v: a report could not be reproduced", run, got, again)
		}
		seen := map[string]bool{}
		for i, k := range got {
			seen[k] = true
			prev := "(first)"
			if i > 0 {
				prev = got[i-1]
			}
			if before[k] == nil {
				before[k] = map[string]bool{}
			}
			before[k][prev] = true
		}
		if len(got) != len(kinds) || len(seen) != len(kinds) {
			t.Errorf("run %d: %v does not run every kind once", run, got)
		}
		firsts[got[0]] = true
	}
	if len(firsts) == 1 {
		t.Errorf("the same kind came first in all %d runs: %v", runs, firsts)
	}
	for k, prevs := range before {
		if len(prevs) == 1 {
			t.Errorf("%s came after the same kind in all %d runs: %v", k, runs, prevs)
		}
	}
	if kinds[0] != "data" {
		t.Errorf("shuffled changed its argument: %v", kinds)
	}
}

// A reference run stands before every two other runs and after the last, so every other run
// has one right beside it and the next at most one run away on its other side.
func TestPairedOrder(t *testing.T) {
	for n := 1; n <= 15; n++ {
		others := make([]string, n)
		for i := range others {
			others[i] = fmt.Sprint("o", i)
		}
		refs := make([]string, refsFor(n))
		for i := range refs {
			refs[i] = fmt.Sprint("R", i)
		}
		order, isRef := pairedOrder(others, refs)
		if len(order) != n+len(refs) || len(isRef) != len(order) {
			t.Fatalf("n=%d: %d runs in the order, want %d", n, len(order), n+len(refs))
		}
		if !isRef[0] || !isRef[len(isRef)-1] {
			t.Errorf("n=%d: the order %v does not begin and end with a reference run", n, order)
		}
		seen := map[string]bool{}
		for k, name := range order {
			if seen[name] {
				t.Errorf("n=%d: %s twice in %v", n, name, order)
			}
			seen[name] = true
			if isRef[k] != strings.HasPrefix(name, "R") {
				t.Errorf("n=%d: %s at %d marked reference=%t", n, name, k, isRef[k])
			}
			if isRef[k] {
				continue
			}
			before, after := 1, 1
			for !isRef[k-before] {
				before++
			}
			for !isRef[k+after] {
				after++
			}
			if min(before, after) != 1 || max(before, after) > 2 {
				t.Errorf("n=%d: %s at %d is not between reference runs within one run: %v", n, name, k, order)
			}
		}
	}
	if got := refsFor(14); got != 8 {
		t.Errorf("refsFor(14) = %d, want 8", got)
	}
}

// On a machine that slows down through a round, a run's ratio is to the reference runs beside
// it, which met nearly the same machine; a ratio to the round's median reference would carry
// the drift.
func TestPairedRatioCancelsADrift(t *testing.T) {
	// R a b R c R: the machine slows by 10% per run; a, b and c each cost 1.05 of the
	// reference at the moment they run. a and b are over the mean of the references at
	// speeds 1.0 and 1.3, one a little under 1.05 and one over; c is between two references.
	isRef := []bool{true, false, false, true, false, true}
	walls := make([]time.Duration, len(isRef))
	for k := range walls {
		speed := 1 + 0.1*float64(k)
		cost := 1.0
		if !isRef[k] {
			cost = 1.05
		}
		walls[k] = time.Duration(cost * speed * float64(time.Second))
	}
	for _, k := range []int{1, 2, 4} {
		got := pairedRatio(walls, isRef, k)
		want := 1.05 * (1 + 0.1*float64(k)) / ((1.0 + 1.3) / 2)
		if k == 4 {
			want = 1.05 * 1.4 / ((1.3 + 1.5) / 2)
		}
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("run %d: paired ratio %.4f, want %.4f", k, got, want)
		}
	}
	// c, between references at 1.3 and 1.5, is 1.05 of their mean exactly; over the round's
	// median reference (1.3) it would read 1.131.
	if got := pairedRatio(walls, isRef, 4); math.Abs(got-1.05) > 1e-9 {
		t.Errorf("the run between two references reads %.4f, want 1.05", got)
	}
	if got := pairedRatio(walls, []bool{false, true, false}, 0); got != 0 {
		t.Errorf("a run with no reference before it reads %v, want 0", got)
	}
}

// The median of ratios, as the targets take it over rounds.
func TestMedianOfRatios(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{1.2}, 1.2}, {[]float64{1.3, 0.9, 1.1}, 1.1}, {[]float64{1.0, 1.4, 1.2, 0.8}, 1.1}} {
		if got := median(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
