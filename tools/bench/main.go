// Command bench measures what the provider costs on top of what any plugin provider must cost.
// It builds the provider and the floor provider (../floorprovider) as release binaries, starts
// the fake Xray in-process with a fixed latency per request, and times apply, a refresh-only plan
// and destroy of N xray_jira_integration resources through a dev_overrides CLI configuration,
// with each binary, next to the same three phases for N terraform_data resources (built into
// Terraform: no provider, no request), which is Terraform's own bookkeeping cost.
//
// For each phase it reports the median wall time over -runs runs, the floor provider's median
// (the floor), their ratio, terraform_data's median with and without the network time the floor
// provider waits, the requests the fake received per resource by endpoint, and the provider's
// peak resident set size, measured by a wrapper that starts the real provider as its child (this
// same program, re-executed in wrapper mode). An extra apply with injected 503 and 429 answers
// is compared with the retry floor.
//
// Usage, from the repository's root (see scripts/bench.sh and BENCHMARKS.md):
//
//	go -C tools build -o "$PWD/.tools/bench" ./bench
//	.tools/bench -terraform "$(command -v terraform)" -n 200 -runs 5 -out BENCHMARKS.md
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// options are the command-line flags.
type options struct {
	N           int
	Latencies   []time.Duration
	Parallelism int
	Runs        int
	ShortRuns   int // Runs below shortLatency
	Faults      bool
	HTTPFloor   bool
	Out         string
	Terraform   string
	Strict      bool
	Keep        bool
	Styles      []fakexray.Flavour
	Routers     []fakexray.RouterStyle
	// SkipNameCheck runs the provider with skip_name_check, against the floor provider without
	// its plan-time wait: a bulk create's cost with the opt-out.
	SkipNameCheck bool
}

func main() {
	// Wrapper mode: Terraform starts this binary in place of the provider (see rsswrap.go and proc_unix.go).
	if target := os.Getenv(envWrapTarget); target != "" {
		os.Exit(wrapProvider(target, os.Getenv(envWrapOut), os.Args[1:]))
	}

	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep, err := run(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "\nbench failed:", err)
		os.Exit(1)
	}
	misses := 0
	for _, t := range rep.targets() {
		if !t.Pass {
			misses++
		}
	}
	if misses > 0 && opts.Strict {
		fmt.Fprintf(os.Stderr, "bench: %d target(s) missed and -strict is set\n", misses)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	defaultTF := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if defaultTF == "" {
		defaultTF = "terraform"
	}
	var o options
	var latencies, styles, routers string
	fs.IntVar(&o.N, "n", 200, "number of resources per configuration")
	fs.StringVar(&latencies, "latency", "20ms,200ms", "comma-separated latencies the fake Xray adds to every request")
	fs.IntVar(&o.Parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&styles, "styles", "both,documented,observed", "comma-separated path styles the fake Xray serves, one set of runs each (faults: the first)")
	fs.StringVar(&routers, "routers", routerNames(), "comma-separated ways the fake Xray answers a route it lacks; each path style is run under each (faults: the first pair)")
	fs.IntVar(&o.Runs, "runs", 3, "repetitions of each phase; the median is reported")
	fs.IntVar(&o.ShortRuns, "short-runs", 11, "repetitions of each phase at latencies below "+shortLatency.String()+", where a phase is short and varies more between runs")
	fs.BoolVar(&o.HTTPFloor, "http-floor", true, "also time the floor provider sending, for each wait, the provider's request for that step to a fake Xray of its own (the HTTP floor: the targets' reference below "+httpFloorBelow.String()+")")
	fs.BoolVar(&o.Faults, "faults", true, "also measure an apply with 10% 503 and 5% 429 (Retry-After: 1) on create, at the last latency")
	fs.StringVar(&o.Out, "out", "", "also write the Markdown report to this file (e.g. BENCHMARKS.md)")
	fs.StringVar(&o.Terraform, "terraform", defaultTF, "terraform or tofu binary (default $TF_ACC_TERRAFORM_PATH, else terraform)")
	fs.BoolVar(&o.Strict, "strict", false, "exit 1 when a target is missed (by default the numbers are a report, not a gate)")
	fs.BoolVar(&o.SkipNameCheck, "skip-name-check", os.Getenv("BENCH_SKIP_NAME_CHECK") == "1",
		"run the provider with skip_name_check (XRAY_SKIP_NAME_CHECK=true) and the floor provider without its plan-time wait (default from BENCH_SKIP_NAME_CHECK=1)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the temporary directories (for debugging)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var err error
	if o.Latencies, err = parseLatencies(latencies); err != nil {
		return o, err
	}
	for _, st := range strings.Split(styles, ",") {
		f, err := fakexray.ParseFlavour(strings.TrimSpace(st))
		if err != nil {
			return o, err
		}
		o.Styles = append(o.Styles, f)
	}
	for _, rs := range strings.Split(routers, ",") {
		r, err := fakexray.ParseRouterStyle(strings.TrimSpace(rs))
		if err != nil {
			return o, err
		}
		o.Routers = append(o.Routers, r)
	}
	switch {
	case o.N < 1:
		return o, fmt.Errorf("-n must be at least 1")
	case o.Parallelism < 1:
		return o, fmt.Errorf("-parallelism must be at least 1")
	case o.Runs < 1 || o.ShortRuns < 1:
		return o, fmt.Errorf("-runs and -short-runs must be at least 1")
	case o.Terraform == "":
		return o, fmt.Errorf("-terraform must name a binary")
	}
	return o, nil
}

// routerNames is every router style the fake plays, the default of -routers.
func routerNames() string {
	names := make([]string, len(fakexray.RouterStyles))
	for i, r := range fakexray.RouterStyles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// shortLatency is the latency below which phases are repeated -short-runs times rather than
// -runs. There, a phase of the default size takes about 2 s, and one run's wall time on 2 shared
// cores varies by far more than the targets' 5% margin (BENCHMARKS.md), so a median of a few runs
// flips with the draw; the repetitions cost little, as the phases are short.
const shortLatency = 100 * time.Millisecond

// runsAt is how many times the phases at latency lat are repeated.
func runsAt(lat time.Duration, runs, shortRuns int) int {
	if lat < shortLatency {
		return shortRuns
	}
	return runs
}
