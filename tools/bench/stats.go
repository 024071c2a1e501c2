package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// phase is one timed Terraform command.
type phase struct {
	Name string   // apply, refresh, destroy
	Args []string // terraform arguments, before -parallelism and the common flags
	// NetworkTrips is how many sequential request latencies each resource costs the floor
	// provider: for apply, the plan-time check of a planned create and the POST, and the check
	// again when Terraform plans each change anew just before applying it, unless the CLI hands
	// that second plan the first one's private data (see phasesFor); one for refresh (GET); two
	// for destroy (GET, then DELETE).
	NetworkTrips int
	// Expected is the number of requests per resource by endpoint class (see classify).
	Expected map[string]int
	// Extra is how many more requests by class a run of the phase may make, whatever the number
	// of resources: the route discovery of a provider process that meets the server's routes
	// for the first time (the other read route, and for a check of new names the version). An
	// apply has one such process per plan that checks (the plan, and the apply's re-plan where
	// it checks again), and its creates may read one new integration on both routes to prove
	// the route (proofReads); a refresh and a destroy read existing integrations, where the
	// discovery needs no version.
	Extra map[string]int
}

// phases are the timed phases, as phasesFor makes them for the CLI the harness runs.
var phases = phasesFor(false, false)

// phasesFor returns the three phases. replanSeesPlan says that the CLI hands the apply's second
// plan of a change the private data of the first (Terraform 1.16 and later): the provider and the
// floor provider then check a new name in the plan only, so an apply costs one GET and one trip
// fewer per resource, and the apply's process makes no discovery.
//
// The refresh phase is a refresh-only plan: it reads every resource and writes nothing, so the
// three phases can be repeated on the same state without changing it.
//
// skipNameCheck (-skip-name-check) runs the provider with skip_name_check and the floor provider
// without its plan-time wait: an apply is then the create alone, one trip per resource, and
// the provider's process may make one discovery of its own.
func phasesFor(replanSeesPlan, skipNameCheck bool) []phase {
	apply := phase{Name: "apply", Args: []string{"apply", "-auto-approve"}, NetworkTrips: 3,
		Expected: map[string]int{classRead: 2, classCreate: 1}, Extra: map[string]int{classRead: 2 + proofReads, classVersion: 2}}
	if replanSeesPlan {
		apply.NetworkTrips = 2
		apply.Expected = map[string]int{classRead: 1, classCreate: 1}
		apply.Extra = map[string]int{classRead: 1 + proofReads, classVersion: 1}
	}
	if skipNameCheck {
		apply.NetworkTrips = 1
		apply.Expected = map[string]int{classCreate: 1}
		apply.Extra = map[string]int{classRead: proofReads, classVersion: 1}
	}
	return []phase{
		apply,
		{Name: "refresh", Args: []string{"plan", "-refresh-only"}, NetworkTrips: 1,
			Expected: map[string]int{classRead: 1}, Extra: map[string]int{classRead: 1}},
		{Name: "destroy", Args: []string{"destroy", "-auto-approve"}, NetworkTrips: 2,
			Expected: map[string]int{classRead: 1, classDelete: 1}, Extra: map[string]int{classRead: 1}},
	}
}

// proofReads is what an apply's creates may read beside the checks: where no route was proven
// (the server's routes answer a missing name alike), one create reads its new integration on
// both routes, so that every object created after it keeps the route (DESIGN.md).
const proofReads = 2

// replanSeesPlan reports whether the CLI whose `version` first line is versionLine sends the
// apply's second plan of a change the first plan's private data: Terraform from 1.16 does (the
// planned_private field of PlanResourceChange); older ones and OpenTofu do not.
func replanSeesPlan(versionLine string) bool {
	rest, ok := strings.CutPrefix(versionLine, "Terraform v")
	if !ok {
		return false
	}
	parts := strings.SplitN(rest, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major > 1 || (major == 1 && minor >= 16)
}

// Endpoint classes of the fake's RequestCounts keys.
const (
	classCreate  = "create"
	classRead    = "read"
	classDelete  = "delete"
	classVersion = "version"
)

// classify maps a RequestCounts key ("METHOD /path-pattern") to an endpoint class, or "" for
// anything a healthy phase should not send (update, status, unmatched paths).
func classify(key string) string {
	switch key {
	case fakexray.PatternVersion:
		return classVersion
	case fakexray.PatternCreate:
		return classCreate
	case fakexray.PatternReadByName, fakexray.PatternReadDetails:
		return classRead
	case fakexray.PatternDelete:
		return classDelete
	}
	// The read route of the style the fake does not serve: the provider's one probe per
	// process that settles the route style.
	if strings.HasPrefix(key, "GET /xray/api/v1/ticketing/jira-integrations/") && strings.HasSuffix(key, " (unmatched)") {
		return classRead
	}
	return ""
}

// checkCounts compares the requests of one run of a phase with what n resources should send:
// expected[class] requests per resource of each class, up to extra[class] more per run, and
// nothing else. It returns one line per discrepancy, or nil.
func checkCounts(counts map[string]int, expected, extra map[string]int, n int) []string {
	least, most := map[string]int{}, map[string]int{}
	for class, perResource := range expected {
		least[class] = perResource * n
	}
	for class := range least {
		most[class] = least[class] + extra[class]
	}
	for class, more := range extra {
		most[class] = least[class] + more
	}
	return checkRanges(counts, least, most, n)
}

// checkTotals compares request counts with total requests by endpoint class for n resources:
// exactly want[class] of each class and nothing else.
func checkTotals(counts map[string]int, want map[string]int, n int) []string {
	return checkRanges(counts, want, want, n)
}

// checkRanges compares request counts with totals by endpoint class: from least[class] to
// most[class] of each class that most names, and nothing else.
func checkRanges(counts map[string]int, least, most map[string]int, n int) []string {
	got := map[string]int{}
	var problems []string
	for _, key := range sortedKeys(counts) {
		class := classify(key)
		if _, ok := most[class]; !ok || class == "" {
			problems = append(problems, fmt.Sprintf("unexpected %d× %s", counts[key], key))
			continue
		}
		got[class] += counts[key]
	}
	for _, class := range sortedKeys(most) {
		switch lo, hi := least[class], most[class]; {
		case lo == hi && got[class] != lo:
			problems = append(problems, fmt.Sprintf("%d %s requests for %d resources, want %d", got[class], class, n, lo))
		case got[class] < lo || got[class] > hi:
			problems = append(problems, fmt.Sprintf("%d %s requests for %d resources, want %d to %d", got[class], class, n, lo, hi))
		}
	}
	return problems
}

// perResource renders request counts summed over runs as requests per resource by endpoint,
// e.g. "POST jira-integrations ×1", with the total when it is not a whole multiple ("×1.15
// (230 in all)"). resources is N times the number of runs. Keys are sorted; the common API
// prefix is dropped.
func perResource(counts map[string]int, resources int) string {
	if len(counts) == 0 {
		return "none"
	}
	counts = foldUnmatchedReads(counts)
	parts := make([]string, 0, len(counts))
	for _, key := range sortedKeys(counts) {
		part := fmt.Sprintf("%s ×%s", shortEndpoint(key), trimFloat(float64(counts[key])/float64(resources)))
		if resources > 0 && counts[key]%resources != 0 {
			part += fmt.Sprintf(" (%d in all)", counts[key])
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// foldUnmatchedReads sums the fake's per-path keys of the read route it does not serve
// ("GET /xray/api/v1/ticketing/jira-integrations/bench-7 (unmatched)") under one pattern
// per route, "…/jira-integrations/{name} (unmatched)" or "…/{name}/details (unmatched)", so
// that a discovery read per run is one entry of the report instead of one per name.
func foldUnmatchedReads(counts map[string]int) map[string]int {
	const prefix, suffix = "GET /xray/api/v1/ticketing/jira-integrations/", " (unmatched)"
	folded := make(map[string]int, len(counts))
	for key, n := range counts {
		if name, ok := strings.CutPrefix(key, prefix); ok && strings.HasSuffix(name, suffix) && name != suffix {
			pattern := "{name}"
			if strings.HasSuffix(strings.TrimSuffix(name, suffix), "/details") {
				pattern = "{name}/details"
			}
			key = prefix + pattern + suffix
		}
		folded[key] += n
	}
	return folded
}

// shortEndpoint drops the path prefix every Jira integration route shares.
func shortEndpoint(key string) string {
	for _, prefix := range []string{"/xray/api/v1/ticketing/", "/xray/api/v1/"} {
		if method, path, ok := strings.Cut(key, " "); ok && strings.HasPrefix(path, prefix) {
			return method + " " + strings.TrimPrefix(path, prefix)
		}
	}
	return key
}

// trimFloat prints at most two decimals and no trailing zeros: 1, 1.5, 1.07.
func trimFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func addCounts(into, from map[string]int) {
	for k, v := range from {
		into[k] += v
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// median of a sample of durations or ratios (the mean of the two middle values for an even
// count); 0 when empty.
func median[T time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// networkFloor is Terraform's own time for the same number of resources (terraform_data) plus
// trips·n·latency/parallelism of requests that cannot overlap further: what a provider that cost
// nothing would take. The floor provider's measured time is the floor the targets use; this
// estimate shows how much of that is the provider protocol rather than the network.
func networkFloor(bookkeeping time.Duration, n, trips int, latency time.Duration, parallelism int) time.Duration {
	if parallelism < 1 {
		parallelism = 1
	}
	network := time.Duration(int64(trips) * int64(n) * int64(latency) / int64(parallelism))
	return bookkeeping + network
}

// ratio of a measurement to its floor; 0 when the floor is not positive.
func ratio(measured, floor time.Duration) float64 {
	if floor <= 0 {
		return 0
	}
	return float64(measured) / float64(floor)
}

// ratioTarget is the largest acceptable ratio of the provider's median to the floor provider's
// at a latency: 1.05 from 20 ms up. The floor provider pays every cost a plugin provider with
// this schema pays (process start-up, the protocol, the framework, the round trips), so the ratio
// is what this provider's own code adds. Below 20 ms there is no target (ok is false): there the
// few milliseconds of process start-up are a larger share than any target could fairly ask.
// httpFloorBelow is the latency under which a target is a ratio to the HTTP floor rather than to
// the floor: at 20 ms, sending real requests on 2 shared cores costs what no provider can avoid
// (the HTTP stack and the loopback, in the provider and the fake), and the floor sends none.
const httpFloorBelow = 200 * time.Millisecond

func ratioTarget(latency time.Duration) (target float64, ok bool) {
	if latency >= 20*time.Millisecond {
		return 1.05, true
	}
	return 0, false
}

// The kinds a target can compare with.
const (
	referenceFloor     = "floor"
	referenceHTTPFloor = "HTTP floor"
)

// referenceKind is the kind the targets at latency lat compare with: the HTTP floor below
// httpFloorBelow when the run measures it (httpFloor), the floor otherwise.
func referenceKind(lat time.Duration, httpFloor bool) string {
	if httpFloor && lat < httpFloorBelow {
		return referenceHTTPFloor
	}
	return referenceFloor
}

// Targets for the provider's footprint. MB means 10^6 bytes throughout.
const (
	targetBinaryMB   = 25.0
	targetRSSMB      = 30.0
	targetFaultRatio = 1.1 // apply with faults / retry floor
)

// megabytes converts bytes to MB (10^6 bytes).
func megabytes(bytes int64) float64 { return float64(bytes) / 1e6 }

// parseLatencies reads a comma-separated list of Go durations ("20ms,200ms").
func parseLatencies(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil {
			return nil, fmt.Errorf("-latency: %v", err)
		}
		if d < 0 {
			return nil, fmt.Errorf("-latency: %s is negative", part)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-latency: no latency given")
	}
	return out, nil
}

// seconds renders a duration as seconds with two decimals ("4.21 s").
func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// bodyName is the connection_name a request body names, "" if none.
func bodyName(body string) string {
	var named struct {
		ConnectionName string `json:"connection_name"`
	}
	_ = json.Unmarshal([]byte(body), &named)
	return named.ConnectionName
}

// pairedOrder is one phase's order of a round: a reference run before every two of the others
// and one after the last, so that every other run has a reference run right beside it and the
// next one at most one run further on its other side. refs must hold refsFor(len(others)) runs.
func pairedOrder[T any](others, refs []T) (order []T, isRef []bool) {
	next := 0
	addRef := func() {
		order, isRef = append(order, refs[next]), append(isRef, true)
		next++
	}
	for j, o := range others {
		if j%2 == 0 {
			addRef()
		}
		order, isRef = append(order, o), append(isRef, false)
	}
	addRef()
	return order, isRef
}

// refsFor is how many reference runs pairedOrder places among n others.
func refsFor(n int) int { return (n+1)/2 + 1 }

// pairedRatio is the run at position j over the mean of the nearest reference runs before and
// after it: on a machine whose speed drifts over seconds, the runs beside a run met the same
// machine, so their drift cancels. 0 when j has no reference run on either side.
func pairedRatio(walls []time.Duration, isRef []bool, j int) float64 {
	before, after := -1, -1
	for k := j - 1; k >= 0 && before < 0; k-- {
		if isRef[k] {
			before = k
		}
	}
	for k := j + 1; k < len(walls) && after < 0; k++ {
		if isRef[k] {
			after = k
		}
	}
	if before < 0 || after < 0 {
		return 0
	}
	return ratio(walls[j], (walls[before]+walls[after])/2)
}
