package main

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// phaseResult is one phase at one latency, over all runs.
type phaseResult struct {
	Name         string
	Command      string // terraform subcommand and its own flags, e.g. "plan -refresh-only"
	NetworkTrips int
	Xray         []time.Duration // wall time per run
	Floor        []time.Duration // floor provider wall time per run
	HTTPFloor    []time.Duration // floor provider wall time per run with a GET per wait (-http-floor)
	Data         []time.Duration // terraform_data wall time per run
	Counts       map[string]int  // fake Xray request counts, summed over runs
	Problems     []string        // request counts that differ from the expectation
	PeakRSSKiB   int64           // largest ru_maxrss of any provider process, any run
	Processes    int             // provider processes started, all runs
	XrayCPU      []time.Duration // CPU time of the provider's processes per run
	FloorCPU     []time.Duration // CPU time of the floor provider's processes per run
	HTTPFloorCPU []time.Duration // CPU time of the HTTP floor's provider processes per run
	// Paired is, per round, this phase's wall time over the mean of the reference runs right
	// beside it in the round's order (pairedRatio): the targets' statistic is its median.
	Paired []float64
	// Control is, per round, the same ratio for one more copy of the reference, run among the
	// server shapes and paired like them: what a kind gets against itself by chance alone.
	Control []float64
}

// paired is the phase's ratio to the reference: the median over rounds of its ratio to the
// reference runs beside it.
func (p *phaseResult) paired() float64 { return median(p.Paired) }

// noise is the control's ratio, taken as paired takes a shape's (0 without a control): the
// ratio a kind gets against itself, by chance alone, with as many runs as a server shape. A
// target ratio within that distance of its target is not settled by the run.
func (p *phaseResult) noise() float64 { return median(p.Control) }

// referenceName is the kind a phase's target compares with (referenceKind), as the round that
// measured pr chose it: the HTTP floor only where it was measured.
func referenceName(lat time.Duration, pr *phaseResult) string {
	return referenceKind(lat, len(pr.HTTPFloor) > 0)
}

// floor is the floor provider's median: the physical limit of the phase for a plugin provider.
func (p *phaseResult) floor() time.Duration { return median(p.Floor) }

// networkFloor is terraform_data's median plus the phase's unavoidable network time.
func (p *phaseResult) networkFloor(n, parallelism int, latency time.Duration) time.Duration {
	return networkFloor(median(p.Data), n, p.NetworkTrips, latency, parallelism)
}

type latencyResult struct {
	Latency time.Duration
	Style   fakexray.Flavour     // the path style the fake served
	Router  fakexray.RouterStyle // how it answered the routes it lacks
	Phases  []*phaseResult
}

// shape names the server the fake played, as the report's headings show it.
func (lr *latencyResult) shape() string {
	return fmt.Sprintf("%s path style, %s router", lr.Style, lr.Router)
}

// faultResult is the apply with injected 503 and 429 answers on create.
type faultResult struct {
	Latency    time.Duration
	Applies    []time.Duration
	FaultFree  time.Duration // median fault-free apply at the same latency
	FloorApply time.Duration // median floor provider apply at the same latency
	Counts     map[string]int
	Faulted    int             // injected faults that fired, all runs
	MaxChain   int             // most faults one resource met in one run
	Floors     []time.Duration // the retry floor of each run: the floor provider's apply with its faults
	Problems   []string
	PeakRSSKiB int64
}

// ratio is the target's: the median apply with faults to the retry floor.
func (f *faultResult) ratio() float64 { return ratio(median(f.Applies), f.floor()) }

// faultFreeRatio compares with the provider's own fault-free apply.
func (f *faultResult) faultFreeRatio() float64 { return ratio(median(f.Applies), f.FaultFree) }

// floor is the median over runs of the retry floor (see measureFaults).
func (f *faultResult) floor() time.Duration {
	if len(f.Floors) == 0 {
		return f.FloorApply
	}
	return median(f.Floors)
}

type report struct {
	Machine     machineInfo
	Command     string // as typed, when scripts/bench.sh passes it on
	GoCommand   string
	Date        time.Time
	Elapsed     time.Duration
	N           int
	Parallelism int
	Runs        int
	ShortRuns   int // Runs below shortLatency
	BinaryBytes int64
	// ReplanSeesPlan: the CLI hands the apply's second plan of a create the first plan's private
	// data, so the plan-time check runs once per create rather than twice (phasesFor).
	ReplanSeesPlan bool
	// SkipNameCheck: -skip-name-check, the provider with skip_name_check against a floor without
	// the plan-time wait.
	SkipNameCheck bool
	Latencies     []*latencyResult
	Faults        *faultResult
	Startup       *startupResult
}

// targetResult is one stated target and how the run compares.
type targetResult struct {
	Name   string
	Target string
	Got    string
	Pass   bool
	// HTTPFloor is, for a ratio to the floor, the HTTP floor's own ratio to the floor: what a
	// provider that only sends the same requests gets on this machine. "" where it does not apply.
	HTTPFloor string
	// Noise is, for a ratio to a reference, that reference's first copy against its others
	// (phaseResult.noise): the ratio chance alone gives. "" where it does not apply.
	Noise string
}

// rssCell renders a peak RSS with the number of provider processes Terraform started per run.
func rssCell(kib int64, processes, runs int) string {
	if runs < 1 {
		runs = 1
	}
	return fmt.Sprintf("%.1f MB (%s processes/run)", megabytes(kib*1024), trimFloat(float64(processes)/float64(runs)))
}

func passMiss(pass bool) string {
	if pass {
		return "PASS"
	}
	return "MISS"
}

// peakRSSKiB is the largest provider RSS seen anywhere in the report.
func (r *report) peakRSSKiB() int64 {
	var peak int64
	for _, lr := range r.Latencies {
		for _, pr := range lr.Phases {
			peak = max(peak, pr.PeakRSSKiB)
		}
	}
	if r.Faults != nil {
		peak = max(peak, r.Faults.PeakRSSKiB)
	}
	return peak
}

func (r *report) targets() []targetResult {
	var out []targetResult
	for _, lr := range r.Latencies {
		want, ok := ratioTarget(lr.Latency)
		if !ok {
			continue
		}
		for _, pr := range lr.Phases {
			got := pr.paired()
			tr := targetResult{
				Name:   fmt.Sprintf("%s / %s beside it at %s, %s", pr.Name, referenceName(lr.Latency, pr), lr.Latency, lr.shape()),
				Target: fmt.Sprintf("≤ %.2f", want),
				Got:    fmt.Sprintf("%.3f", got),
				Pass:   got <= want,
			}
			if len(pr.HTTPFloor) > 0 {
				tr.HTTPFloor = fmt.Sprintf("%.3f", ratio(median(pr.HTTPFloor), pr.floor()))
			}
			if n := pr.noise(); n > 0 {
				tr.Noise = fmt.Sprintf("%.3f", n)
			}
			out = append(out, tr)
		}
	}
	problems := 0
	for _, lr := range r.Latencies {
		for _, pr := range lr.Phases {
			problems += len(pr.Problems)
		}
	}
	out = append(out, targetResult{
		Name: fmt.Sprintf("requests on every path style: %d GET + 1 POST per resource on apply (+ at most %d GET per run), 1 GET on refresh and 1 GET + 1 DELETE on destroy (+ at most 1 GET per run)",
			phases[0].Expected[classRead], phases[0].Extra[classRead]+phases[0].Extra[classVersion]),
		Target: "no other request",
		Got:    map[bool]string{true: "as expected", false: fmt.Sprintf("%d discrepancies", problems)}[problems == 0],
		Pass:   problems == 0,
	})
	peak := r.peakRSSKiB()
	out = append(out, targetResult{
		Name:   "provider peak RSS (any phase)",
		Target: fmt.Sprintf("< %.0f MB", targetRSSMB),
		Got:    fmt.Sprintf("%.1f MB (%.1f MiB)", megabytes(peak*1024), float64(peak)/1024),
		Pass:   peak > 0 && megabytes(peak*1024) < targetRSSMB,
	})
	out = append(out, targetResult{
		Name:   "release binary size",
		Target: fmt.Sprintf("< %.0f MB", targetBinaryMB),
		Got:    fmt.Sprintf("%.1f MB", megabytes(r.BinaryBytes)),
		Pass:   megabytes(r.BinaryBytes) < targetBinaryMB,
	})
	if f := r.Faults; f != nil {
		out = append(out, targetResult{
			Name:   fmt.Sprintf("apply with faults / retry floor at %s", f.Latency),
			Target: fmt.Sprintf("≤ %.2f", targetFaultRatio),
			Got:    fmt.Sprintf("%.3f", f.ratio()),
			Pass:   f.ratio() <= targetFaultRatio,
		})
		out = append(out, targetResult{
			Name:   "faults: N integrations after apply, one retry per fault, none left after destroy",
			Target: "exactly",
			Got:    map[bool]string{true: "as expected", false: fmt.Sprintf("%d discrepancies", len(f.Problems))}[len(f.Problems) == 0],
			Pass:   len(f.Problems) == 0,
		})
	}
	return out
}

// renderResults is the part of the report printed to stdout: machine, tables, targets, chart.
func renderResults(r *report) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("## Results\n\n")
	w("| | |\n|---|---|\n")
	w("| date | %s |\n", r.Date.Format("2006-01-02 15:04 MST"))
	if r.Command != "" {
		w("| command | `%s` |\n", r.Command)
	}
	w("| harness | `%s` |\n", r.GoCommand)
	w("| machine | %s, %d CPUs (nproc), %s memory, %s |\n", r.Machine.CPU, r.Machine.NProc, r.Machine.MemTotal, r.Machine.OS)
	w("| load average at start | %s |\n", r.Machine.LoadAvg)
	w("| Go | %s |\n", r.Machine.GoVersion)
	w("| Terraform CLI | %s |\n", r.Machine.Terraform)
	if r.SkipNameCheck {
		w("| plan-time name check | off: the provider runs with `skip_name_check` (`XRAY_SKIP_NAME_CHECK=true`), the floor provider without its plan-time wait |\n")
	} else if r.ReplanSeesPlan {
		w("| apply's second plan of a create | gets the first plan's private data: one plan-time check per create |\n")
	} else {
		w("| apply's second plan of a create | does not get the first plan's private data: the plan-time check runs in both plans |\n")
	}
	w("| settings | N = %d resources, -parallelism=%d, %s per phase (medians reported) |\n", r.N, r.Parallelism, r.runsText())
	w("| release binary | %.1f MB (%d bytes, `CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w\"`) |\n", megabytes(r.BinaryBytes), r.BinaryBytes)
	w("| total time | %s |\n\n", r.Elapsed)

	for _, lr := range r.Latencies {
		w("%s", renderLatencyTable(r, lr))
	}
	if r.Faults != nil {
		w("%s", renderFaults(r))
	}
	if r.Startup != nil {
		w("%s", renderStartup(r))
	}

	w("### Targets\n\n")
	w("Each ratio is the median over rounds of a server shape's time over the mean of the reference's runs right\n" +
		"beside it in the round's order (Method, \"References\"). Beside each ratio to the floor, the HTTP floor's own\n" +
		"ratio to it (medians): what a provider that sends the same requests and does nothing else gets on this\n" +
		"machine. Beside each ratio, the reference against itself: one more copy of the reference, run among the\n" +
		"shapes and paired like them, so the ratio chance alone gives in this run.\n\n")
	w("| target | wanted | got | result | HTTP floor / floor | reference against itself |\n|---|---|---|---|---:|---:|\n")
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	for _, t := range r.targets() {
		w("| %s | %s | %s | **%s** | %s | %s |\n", t.Name, t.Target, t.Got, passMiss(t.Pass), dash(t.HTTPFloor), dash(t.Noise))
	}
	w("\n### Chart\n\n```text\n%s```\n", renderChart(r, 50))
	return b.String()
}

func renderStartup(r *report) string {
	st := r.Startup
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
	var b strings.Builder
	fmt.Fprintf(&b, "### Provider start-up\n\n")
	fmt.Fprintf(&b, "From exec to go-plugin's handshake line, median of %d processes each:\n\n", startupRuns)
	fmt.Fprintf(&b, "| provider started | exec → handshake |\n|---|---:|\n")
	fmt.Fprintf(&b, "| as Terraform starts it, with automatic mutual TLS | %s |\n", ms(st.MTLS))
	fmt.Fprintf(&b, "| without TLS | %s |\n\n", ms(st.Plain))
	fmt.Fprintf(&b, "Terraform starts a provider process for the schema, one for validation and one for the plan,\n"+
		"and one more for an apply, so %s is paid 3 times by a refresh-only plan (see the process counts\n"+
		"above), followed each time by a mutual TLS handshake before the first request. The %s between\n"+
		"the two rows is go-plugin's automatic mTLS set-up: a new ECDSA P-521 key and self-signed\n"+
		"certificate in every process, fixed by go-plugin and Terraform rather than by the provider.\n\n",
		ms(st.MTLS), ms(st.MTLS-st.Plain))
	return b.String()
}

func renderLatencyTable(r *report, lr *latencyResult) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("### Latency %s per request, %s\n\n", lr.Latency, lr.shape())
	w("| phase | median | floor provider median (median / it) | HTTP floor median (median / it) | ratio to the reference beside it | target | terraform_data median | terraform_data + network | provider CPU / floor's / HTTP floor's | requests per resource by endpoint | provider peak RSS |\n")
	w("|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|\n")
	want, hasTarget := ratioTarget(lr.Latency)
	var problems []string
	for _, pr := range lr.Phases {
		med, fl := median(pr.Xray), pr.floor()
		got := pr.paired()
		target := "—"
		if hasTarget {
			target = fmt.Sprintf("≤ %.2f %s", want, passMiss(got <= want))
		}
		requests := perResource(pr.Counts, r.N*len(pr.Xray))
		if len(pr.Problems) > 0 {
			requests = "**UNEXPECTED:** " + requests
			for _, p := range pr.Problems {
				problems = append(problems, pr.Name+", "+p)
			}
		}
		httpFloor := "—"
		if len(pr.HTTPFloor) > 0 {
			httpFloor = fmt.Sprintf("%s (%.3f)", seconds(median(pr.HTTPFloor)), ratio(med, median(pr.HTTPFloor)))
		}
		w("| %s (`%s`) | %s | %s (%.3f) | %s | %.3f (%s) | %s | %s | %s | %s | %s | %s |\n", pr.Name, pr.Command, seconds(med), seconds(fl), ratio(med, fl),
			httpFloor, got, referenceName(lr.Latency, pr), target, seconds(median(pr.Data)), seconds(pr.networkFloor(r.N, r.Parallelism, lr.Latency)), cpuCell(pr),
			requests, rssCell(pr.PeakRSSKiB, pr.Processes, len(pr.Xray)))
	}
	w("\n")
	if len(problems) > 0 {
		w("> **WARNING: UNEXPECTED REQUESTS** — the provider sent requests other than one per resource per step:\n>\n")
		for _, p := range problems {
			w("> - %s\n", p)
		}
		w("\n")
	}
	return b.String()
}

func renderFaults(r *report) string {
	f := r.Faults
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("### Apply with injected faults at %s\n\n", f.Latency)
	w("On the create route only: 10%% of requests answered 503 (retried after the provider's jittered backoff) and 5%% answered 429 with `Retry-After: 1` (honoured). ")
	w("%d faults fired over %d run(s) of %d creates, against %.0f expected: each attempt faults with\n"+
		"probability %.2f, retries included, so a create meets %.3f faults on average. The fake draws\n"+
		"from a fixed seed and the request alone (an integration's nth create attempt), not from the order in which\n"+
		"concurrent requests arrive, so every run of the harness meets the same faults, and with this seed no create\n"+
		"meets more of them than the provider retries (TestInjectedFaultsLeaveEveryCreateARetry).\n\n",
		f.Faulted, len(f.Applies), r.N, expectedFaults(len(f.Applies)*r.N), injectedFaultProbability(), expectedFaults(1))
	w("| | median | retry floor | ratio | target | fault-free apply median | ratio to fault-free | requests per resource by endpoint | provider peak RSS |\n")
	w("|---|---:|---:|---:|---|---:|---:|---|---:|\n")
	requests := perResource(f.Counts, r.N*len(f.Applies))
	if len(f.Problems) > 0 {
		requests = "**UNEXPECTED:** " + requests
	}
	w("| apply with faults | %s | %s | %.3f | ≤ %.2f %s | %s | %.2f× | %s | %.1f MB |\n\n", seconds(median(f.Applies)), seconds(f.floor()), f.ratio(), targetFaultRatio, passMiss(f.ratio() <= targetFaultRatio), seconds(f.FaultFree), f.faultFreeRatio(), requests, megabytes(f.PeakRSSKiB*1024))
	w("The retry floor is measured, not estimated: in each run, beside the provider's apply and in an order drawn per run, the floor provider "+
		"applies the same configuration with the same creates retried after the provider's mean wait for each fault (1 s for a 429, as its "+
		"Retry-After asks; for a 503 the mean of the jittered backoff, %s doubled per earlier retry of that create), each retry one more request. "+
		"The harness draws each run's faults beforehand by replaying the fake's seeded draws, and checks that the provider's creates met "+
		"exactly those. Its median (over runs) is what an apply that meets these faults and waits as the provider waits takes at best, "+
		"with Terraform's scheduling of the %d parallel slots around the waits; the floor provider's fault-free apply median is %s. "+
		"The provider's backoff is jittered about that mean, so a ratio a little below 1 is possible.\n\n",
		seconds(retryWait(http.StatusServiceUnavailable, 0)), r.Parallelism, seconds(f.FloorApply))
	if len(f.Problems) > 0 {
		w("> **WARNING: FAULTS RUN WENT WRONG:**\n>\n")
		for _, p := range f.Problems {
			w("> - %s\n", p)
		}
		w("\n")
	} else {
		w("After each faulty apply the fake held exactly %d integrations, every fault cost exactly one retried POST, and destroy removed everything.\n\n", r.N)
	}
	return b.String()
}

// runsText says how many times the phases were repeated: "3 run(s)", or per latency where the
// short latencies had more.
func (r *report) runsText() string {
	var short, long bool
	for _, lr := range r.Latencies {
		short, long = short || lr.Latency < shortLatency, long || lr.Latency >= shortLatency
	}
	switch {
	case short && long && r.ShortRuns != r.Runs:
		return fmt.Sprintf("%d run(s) below %s and %d from it", r.ShortRuns, shortLatency, r.Runs)
	case short && !long:
		return fmt.Sprintf("%d run(s)", r.ShortRuns)
	}
	return fmt.Sprintf("%d run(s)", r.Runs)
}

// renderChart draws, per latency and phase, the median as a bar of '#' and the floor provider's
// median as a bar of '=' (terraform_data's median) followed by '-' (the rest), on one scale.
func renderChart(r *report, width int) string {
	var longest time.Duration
	for _, lr := range r.Latencies {
		for _, pr := range lr.Phases {
			longest = max(longest, median(pr.Xray), pr.floor())
		}
	}
	if r.Faults != nil {
		longest = max(longest, median(r.Faults.Applies), r.Faults.floor())
	}
	if longest <= 0 || width < 1 {
		return "(nothing measured)\n"
	}
	scale := float64(longest) / float64(width)
	cells := func(d time.Duration) int { return int(math.Round(float64(d) / scale)) }
	pad := func(s string) string { return s + strings.Repeat(" ", max(0, width-len(s))) }

	var b strings.Builder
	fmt.Fprintf(&b, "# = median   = terraform_data median   - rest of the floor provider's median\n")
	fmt.Fprintf(&b, "one character = %s; N=%d, parallelism %d\n", time.Duration(scale).Round(time.Millisecond), r.N, r.Parallelism)
	for _, lr := range r.Latencies {
		fmt.Fprintf(&b, "\n%s per request, %s\n", lr.Latency, lr.shape())
		for _, pr := range lr.Phases {
			med, data, fl := median(pr.Xray), median(pr.Data), pr.floor()
			dataCells := cells(data)
			floorBar := strings.Repeat("=", dataCells) + strings.Repeat("-", max(0, cells(fl)-dataCells))
			fmt.Fprintf(&b, "  %-8s median |%s| %7s  ratio %.3f\n", pr.Name, pad(strings.Repeat("#", cells(med))), seconds(med), ratio(med, fl))
			fmt.Fprintf(&b, "  %-8s floor  |%s| %7s\n", "", pad(floorBar), seconds(fl))
		}
	}
	if f := r.Faults; f != nil {
		clean := cells(f.FloorApply)
		retryBar := strings.Repeat("=", clean) + strings.Repeat("-", max(0, cells(f.floor())-clean))
		fmt.Fprintf(&b, "\n%s per request, apply with faults (= floor provider fault-free apply median, - the rest of the retry floor)\n", f.Latency)
		fmt.Fprintf(&b, "  %-8s faults |%s| %7s  ratio %.3f\n", "apply", pad(strings.Repeat("#", cells(median(f.Applies)))), seconds(median(f.Applies)), f.ratio())
		fmt.Fprintf(&b, "  %-8s floor  |%s| %7s\n", "", pad(retryBar), seconds(f.floor()))
	}
	return b.String()
}

// renderIntro is the document's title and how to reproduce it: BENCHMARKS.md, or, with
// -skip-name-check, one of the opt-out's reports under benchmarks/.
func renderIntro(r *report) string {
	fence := "```"
	if r.SkipNameCheck {
		return `# Benchmarks: bulk creates with skip_name_check

The harness of [BENCHMARKS.md](../BENCHMARKS.md), with the same method (repeated below), run with
` + "`" + `-skip-name-check` + "`" + `: the provider with ` + "`" + `skip_name_check` + "`" + ` against a floor provider without the
plan-time wait. The targets that matter here are the apply's; refresh and destroy are shown for
completeness. Reproduce with:

` + fence + `sh
scripts/bench.sh -skip-name-check -faults=false -out benchmarks/skip-name-check-terraform.md
scripts/bench.sh -skip-name-check -faults=false -terraform PATH/TO/tofu -out benchmarks/skip-name-check-opentofu.md
` + fence + `

`
	}
	return `# Benchmarks

What the provider costs on top of what any plugin provider must cost, measured against the
in-memory fake Xray (` + "`" + `internal/fakexray` + "`" + `) with a fixed latency added to every request. Reproduce with:

` + fence + `sh
make bench                      # scripts/bench.sh: builds and runs the harness (tools/bench) with the defaults
scripts/bench.sh -n 50 -runs 3  # smaller; any flag of tools/bench passes through
scripts/bench.sh -out BENCHMARKS.md   # rewrites this file
` + fence + `

`
}

// renderDocument is the whole BENCHMARKS.md: how the numbers are made, then the results.
func renderDocument(r *report) string {
	var b strings.Builder
	b.WriteString(renderIntro(r))
	b.WriteString(`## Method

- The provider is built as a release binary (` + "`" + `CGO_ENABLED=0 go build -trimpath -ldflags "-s -w"` + "`" + `) and
  served to Terraform through a ` + "`" + `dev_overrides` + "`" + ` CLI configuration, without ` + "`" + `terraform init` + "`" + `.
- The fake Xray runs inside the harness on 127.0.0.1 and sleeps the given latency in every request.
- Three timed phases (wall clock of the terraform process), each run in a fresh working directory,
  with ` + "`" + `-input=false -no-color -parallelism=P` + "`" + ` and ` + "`" + `TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1` + "`" + `:
  - **apply**: ` + "`" + `apply -auto-approve` + "`" + ` of N ` + "`" + `xray_jira_integration` + "`" + ` resources (` + "`" + `count = N` + "`" + `, unique names);
  - **refresh**: ` + "`" + `plan -refresh-only` + "`" + ` (a refresh-only plan: reads every resource, writes nothing);
  - **destroy**: ` + "`" + `destroy -auto-approve` + "`" + ` (refreshes, then deletes).
- **floor**: the same configuration and phases against the floor provider (` + "`" + `tools/floorprovider` + "`" + `),
  built with the same flags and installed under the same name through a ` + "`" + `dev_overrides` + "`" + ` directory
  of its own. It has the real provider's provider and resource schemas, on the same framework,
  served through the same ` + "`" + `internal/server` + "`" + `, and sends no request: create, read, update and
  delete each wait one latency, and the plan of a planned create waits one more (the real
  provider checks a planned create against Xray). Like the provider, it does not wait again in
  the apply's second plan of a create whose first plan it marked, when the CLI hands that plan's
  private data back (Terraform 1.16 and later). Its median is the physical limit of the phase
  for a plugin provider: process start-up, go-plugin's TLS, the protocol, the framework and the
  round trips. **ratio** = median / floor median.
- **HTTP floor**: the floor provider again, but each of its waits is the request the provider
  sends for that step (the plan's check and a read GET the integration, a create POSTs it with
  the plan's values, an update PUTs it, a delete DELETEs it), as one plain ` + "`" + `net/http` + "`" + ` request to
  a fake Xray of its own with the same latency, its answer read and dropped: a provider that
  sends the same requests and does nothing else, the fake's work for each of them included
  (at ec8bfa0 and before, it sent a GET of the version for every step, which costs the fake less than a
  create). Its median, and the provider's median over it, show
  how much of the ratio is what sending real requests costs (the HTTP stack and the kernel's
  loopback, in the provider and in the fake, on cores Terraform shares) rather than the provider's
  own code. Below 200 ms the targets are ratios to it (there, on 2 shared cores, sending the
  requests is a visible part of a round trip that no provider can avoid); from 200 ms they are
  ratios to the floor, and the Targets table shows the HTTP floor's own ratio to the floor beside
  each: where that is above the target, no provider that sends the requests can meet it on the
  machine that ran the harness.
- The same three phases for N ` + "`" + `terraform_data` + "`" + ` resources (built into Terraform: no provider
  process, no request) show Terraform's own bookkeeping; **terraform_data + network** adds
  trips·N·latency/parallelism to its median (the floor provider's waits: 3 trips for apply, as
  Terraform plans each create again just before applying it, or 2 where that second plan gets
  the first one's private data; 2 for destroy, 1 for refresh), an
  estimate of what a provider that cost nothing at all would take. The gap between that and the
  floor is what being a plugin costs, which no provider code can remove.
- The kinds of run alternate (terraform_data, floor, HTTP floor, and xray once per server shape), so
  that a drift in the load of a shared machine affects all alike, in an order drawn anew for
  each run from a seed fixed per run (the same orders every time the harness runs), so that no
  kind is always first or last, or always behind the same kind. At a66dfab the order only turned
  by one place per run, which kept each kind behind the same one in every run: the two shapes
  that always ran just after the HTTP floor were 10% to 15% slower at 20 ms in all three runs,
  with 15% more provider CPU, while shapes that send the same requests were not.
  terraform_data and the floor send no request, so one run of each serves every style. One untimed apply and destroy of one resource of
  each kind warms the caches first.
- **References**: the kind a latency's targets compare with (the HTTP floor below 200 ms, the
  floor from 200 ms). A round runs the phases one at a time: the apply of every kind, then the
  refresh of every kind, then the destroy, each kind in a working directory of its own that lives
  through the round. In each phase the other kinds run in the round's drawn order with a run of
  the reference before every two of them and one after the last, so that each run has a
  reference run right beside it and the next one at most one run further on its other side. A
  shape's ratio in a round is its time over the mean of those two reference runs; its target
  ratio is the median of that over the rounds. Why: on the 2 shared cores of the machines this
  project runs on, a run's wall time moves by about 10% with the machine's state, and that
  state changes over seconds, not minutes. At 0bc3a84, when each kind ran its three phases back
  to back, one run's apply, refresh and destroy moved together (correlation 0.76 to 0.89 over 132
  runs of the twelve shapes, 0.62 to 0.88 for terraform_data, which has no provider), while a
  shape's ratio to a yardstick taken over the whole round varied by 11% from run to run: the
  medians of 11 runs then moved by 3% to 5%, and some of 36 cells landed above 1.05 in every run.
  One more copy of the reference runs among the others as the **control**, paired like a shape:
  its ratio, shown beside each target as the reference against itself, is what chance alone
  gives with a shape's number of runs, on the machine and in the run that made the report. A
  target ratio within that distance of its target is not settled by the run.
- **Repetitions**: below 100 ms each phase runs ` + "`" + `-short-runs` + "`" + ` times (11 by default), from 100 ms
  ` + "`" + `-runs` + "`" + ` times (3). At 20 ms an apply of 200 resources takes about 2 s, and runs of one kind
  vary by up to a third on 2 shared cores, falling into a fast and a slow group: in 7 runs at
  b6ef350 one shape's applies took 1.62 to 2.31 s and the floor's 1.62 to 2.14 s. With medians of
  3 or 7, shapes that send the same requests came out up to 17% apart (both path style at 20 ms:
  1.022 under the ` + "`" + `xray` + "`" + ` router, 1.128 under ` + "`" + `platform` + "`" + `), while 10 alternating applies outside the
  harness put the provider within 1% of the HTTP floor. At 200 ms, where the waits dominate, runs
  vary by a few percent and 3 suffice.
- **Server shapes**: the provider's runs are repeated against a fake that serves both read and
  update path styles, only the documented style, and only the style observed on a live server,
  each under every way the fake answers a route it lacks (the router styles: ` + "`" + `go` + "`" + ` and ` + "`" + `gin` + "`" + `
  plain text or 405, ` + "`" + `platform` + "`" + `'s ` + "`" + `{"errors": [...]}` + "`" + `, and ` + "`" + `xray` + "`" + `, Xray's own not-found, where every
  not-found looks alike on both routes): twelve shapes. Each table below is one shape.
- The fake counts requests by endpoint during each phase. The budget is, per resource, one GET
  (the plan-time check of a planned create) and one POST on apply, and a second GET (the same
  check in the apply's re-plan) on a CLI that does not hand the re-plan the plan's private data
  (before Terraform 1.16, OpenTofu), plus at most one GET of the other read route and one of the
  version per provider process that checks (each learns the server's route style), and two GETs
  for one create's proof of the route where none was proven; one GET on refresh and one
  GET and one DELETE on destroy, plus at most one GET per run; and nothing else. Anything else,
  or more, is flagged as UNEXPECTED.
- **What the route rule's hints cost**: a resource keeps a route in its private state only once
  a route is proven (DESIGN.md, "The route rule"). On a server whose routes both answer a
  missing name in Xray's shape (the default "both" style here, and any style under the ` + "`" + `xray` + "`" + `
  router) the plan's check proves none, so one create per provider process that has none starts
  a read of its new integration on both routes in the background (two GETs per apply; no create
  waits for it: a create that did held its slot one round longer, and with N a multiple of the
  parallelism that made the whole apply at 200 ms one round, about 0.2 s, slower), and every
  resource created after that read keeps the route. A later process's call for a resource
  without one (its create ended before that read) tries the route another resource brought. At
  a66dfab no create proved the route there, so every later refresh or destroy began with one
  discovery that held its first batch for one more round trip: a refresh at 200 ms was 1.045 to
  1.055 of the floor on those shapes against 0.996 to 1.005 elsewhere. Before that, such a
  create kept a guessed route; where the guess was wrong (documented or observed style under the
  ` + "`" + `xray` + "`" + ` router) every later refresh of N integrations sent 2N+1 GETs, and a refresh-only plan
  reported a change to the private data. ` + "`" + `TestRequestsPerPhase` + "`" + ` and
  ` + "`" + `TestRefreshAfterCreateChangesNothing` + "`" + ` (` + "`" + `internal/e2e` + "`" + `) hold both on all 12 shapes.
- **xray_watch_jira_ticketing** is not timed here; its request budget is asserted on every CLI
  by ` + "`" + `TestWatchTicketingRequestsPerPhase` + "`" + ` (internal/e2e). Per resource: a plan sends one GET of
  the watch (the plan-time check of a create, or the refresh of an existing resource); each
  change (create, update, destroy) one GET and one PUT more, as Xray's PUT carries the whole
  watch; the apply's re-plan of a create sends its GET again only on a CLI that does not hand it
  the plan's private data (before Terraform 1.16, OpenTofu). No list, version or route request.
- **-skip-name-check** (or ` + "`" + `BENCH_SKIP_NAME_CHECK=1` + "`" + `, ` + "`" + `make bench ARGS=-skip-name-check` + "`" + `) runs the
  provider with ` + "`" + `skip_name_check` + "`" + ` (` + "`" + `XRAY_SKIP_NAME_CHECK=true` + "`" + `) against a floor provider that does not wait
  in its plan either: what a bulk create costs with the opt-out, compared with a provider without
  the check. The apply's budget is then one POST per resource and no GET of the name (plus at
  most one create's proof of the route per run), on every CLI, and the floor waits one trip per resource on apply.
  Its latest figures, on Terraform 1.16 and on OpenTofu (which checks every create twice without
  the opt-out), are in ` + "`" + `benchmarks/skip-name-check-terraform.md` + "`" + ` and
  ` + "`" + `benchmarks/skip-name-check-opentofu.md` + "`" + `, each with the command that made it.
- **Provider peak RSS**: the ` + "`" + `dev_overrides` + "`" + ` directory holds a wrapper named
  ` + "`" + `terraform-provider-xray` + "`" + ` (the harness itself, re-executed in wrapper mode) that starts the real
  provider as a child with the same arguments, environment and standard streams (go-plugin's
  handshake passes through untouched), and records the child's ` + "`" + `getrusage` + "`" + ` ` + "`" + `ru_maxrss` + "`" + `. The
  table shows the largest over all provider processes of the phase and all runs, and how many
  provider processes Terraform started per run. Because Go starts children with vfork, the
  kernel's high-water mark also covers the wrapper's own few MB before the exec; the provider's
  figure is far above that, so the maximum is the provider's. The floor provider is started
  through the same wrapper, so the wrapper's exec (a few milliseconds per phase) is in both.
- **Provider CPU / floor's / HTTP floor's**: the same wrapper records each child's CPU time (` + "`" + `ru_utime` + "`" + ` +
  ` + "`" + `ru_stime` + "`" + `); the column shows the median over runs of the phase's total over its provider
  processes, for the provider, the floor provider and the HTTP floor (without -http-floor, the
  first two). It is what the provider's own code, its HTTP client included, costs on a machine
  whose cores Terraform and the fake Xray share, and it varies far less between runs than wall
  times do. The fake Xray's own CPU (in the harness) is in none of them.
- **Faults**: at the last latency, extra applies with 10% of creates answered 503 (retried after
  the provider's jittered backoff) and 5% answered 429 with ` + "`" + `Retry-After: 1` + "`" + `, which the provider
  honours, against the first path style. Afterwards the fake must hold exactly N integrations, the
  POST count must be N plus one per fault, the GETs within the apply's budget, and a destroy must
  leave nothing behind. The **retry floor** is measured beside each of those applies, in an
  order drawn per run: the floor provider's apply in which the creates that meet faults are
  retried after the provider's mean wait for each fault, each retry one more request (the faults
  drawn beforehand by replaying the fake's seeded draws, which the provider's creates must then
  meet exactly). The median is compared with the retry floor's median.
- **Provider start-up**: the release binary started ` + fmt.Sprint(startupRuns) + ` times as Terraform starts it (go-plugin's
  handshake variables and, for automatic mutual TLS, a P-521 client certificate in
  ` + "`" + `PLUGIN_CLIENT_CERT` + "`" + `), and as many times without the certificate; each time from exec to the
  handshake line on stdout.
- Targets: ratio ≤ 1.05 in every phase and every server shape, to the HTTP floor below 200 ms
  (at 20 ms) and to the floor from 200 ms, faulty apply ≤ 1.1× the retry floor, provider
  RSS < 30 MB, release binary < 25 MB. MB means 10^6 bytes. The harness prints PASS or MISS for
  each and exits 0 either way unless ` + "`" + `-strict` + "`" + ` is given: the numbers are a report, not a gate.

`)
	fmt.Fprintf(&b, "The numbers below come from one run of the harness on the machine described, each phase repeated\n(%s; medians shown). Wall times on a shared machine vary from run to run; compare\nratios rather than seconds across machines.\n\n", r.runsText())
	b.WriteString(renderResults(r))
	return b.String()
}

// cpuCell is the CPU column: the provider's, the floor's and, when measured, the HTTP floor's.
func cpuCell(pr *phaseResult) string {
	cell := seconds(median(pr.XrayCPU)) + " / " + seconds(median(pr.FloorCPU))
	if len(pr.HTTPFloorCPU) > 0 {
		cell += " / " + seconds(median(pr.HTTPFloorCPU))
	}
	return cell
}
