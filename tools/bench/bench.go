package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

const providerBinary = "terraform-provider-xray"

// bench holds what every measurement needs.
type bench struct {
	opts     options
	tf       terraform
	tmp      string
	realBin  string   // the release build of the provider
	xrayEnv  []string // dev_overrides CLI configuration, wrapper variables; JFROG_* added per fake
	floorEnv []string // the same for the floor provider; its latency added per fake
	dataEnv  []string // empty CLI configuration
	progress *os.File
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.progress, format+"\n", args...)
}

// run performs the whole benchmark, prints the results to stdout and writes -out.
func run(ctx context.Context, o options) (*report, error) {
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	tfPath, err := exec.LookPath(o.Terraform)
	if err != nil {
		return nil, fmt.Errorf("terraform binary: %w", err)
	}
	if tfPath, err = filepath.Abs(tfPath); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "xray-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{opts: o, tf: terraform{bin: tfPath}, tmp: tmp, progress: os.Stderr}
	if o.Keep {
		defer b.logf("==> kept %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	// The release builds of the provider and of the floor provider, and next to each the wrapper
	// Terraform starts in its place.
	realDir, overrideDir := filepath.Join(tmp, "provider"), filepath.Join(tmp, "overrides")
	floorDir, floorOverrideDir := filepath.Join(tmp, "floor"), filepath.Join(tmp, "floor-overrides")
	for _, d := range []string{realDir, overrideDir, floorDir, floorOverrideDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	b.realBin = filepath.Join(realDir, providerBinary)
	if err := b.releaseBuild(ctx, root, ".", b.realBin); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	floorBin := filepath.Join(floorDir, providerBinary)
	if err := b.releaseBuild(ctx, filepath.Join(root, "tools"), "./floorprovider", floorBin); err != nil {
		return nil, fmt.Errorf("building the floor provider: %w", err)
	}
	info, err := os.Stat(b.realBin)
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("locating this program to use as the RSS wrapper: %w", err)
	}
	for _, d := range []string{overrideDir, floorOverrideDir} {
		if err := copyFile(self, filepath.Join(d, providerBinary), 0o700); err != nil {
			return nil, fmt.Errorf("installing the RSS wrapper: %w", err)
		}
	}

	devrc, floorrc, emptyrc := filepath.Join(tmp, "dev.tfrc"), filepath.Join(tmp, "floor.tfrc"), filepath.Join(tmp, "empty.tfrc")
	if err := os.WriteFile(devrc, []byte(devOverridesConfig(overrideDir)), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(floorrc, []byte(devOverridesConfig(floorOverrideDir)), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(emptyrc, nil, 0o600); err != nil {
		return nil, err
	}
	base := cleanEnv(os.Environ())
	b.dataEnv = withEnv(base, "TF_CLI_CONFIG_FILE="+emptyrc)
	b.xrayEnv = withEnv(base, "TF_CLI_CONFIG_FILE="+devrc, envWrapTarget+"="+b.realBin)
	b.floorEnv = withEnv(base, "TF_CLI_CONFIG_FILE="+floorrc, envWrapTarget+"="+floorBin)
	if o.SkipNameCheck {
		// The provider without its plan-time check, against a floor without the wait for it.
		b.xrayEnv = withEnv(b.xrayEnv, "XRAY_SKIP_NAME_CHECK=true")
		b.floorEnv = withEnv(b.floorEnv, envFloorNoCheck+"=1")
	}

	rep := &report{
		Machine:       collectMachine(ctx, tfPath, b.dataEnv),
		Command:       os.Getenv("XRAY_BENCH_COMMAND"),
		GoCommand:     harnessCommand(os.Args[1:]),
		Date:          started.UTC(),
		N:             o.N,
		Parallelism:   o.Parallelism,
		Runs:          o.Runs,
		ShortRuns:     o.ShortRuns,
		BinaryBytes:   info.Size(),
		SkipNameCheck: o.SkipNameCheck,
	}
	b.logf("==> provider binary: %.1f MB; %s; %d CPUs, load %s", megabytes(info.Size()), rep.Machine.Terraform, rep.Machine.NProc, rep.Machine.LoadAvg)
	rep.ReplanSeesPlan = replanSeesPlan(rep.Machine.Terraform)
	phases = phasesFor(rep.ReplanSeesPlan, o.SkipNameCheck)

	if err := b.warmUp(ctx); err != nil {
		return nil, err
	}
	if rep.Startup, err = b.measureStartup(ctx); err != nil {
		return nil, err
	}
	for i, lat := range o.Latencies {
		lrs, fr, err := b.measureLatency(ctx, lat, o.Faults && i == len(o.Latencies)-1)
		if err != nil {
			return nil, err
		}
		rep.Latencies = append(rep.Latencies, lrs...)
		if fr != nil {
			rep.Faults = fr
		}
	}
	rep.Elapsed = time.Since(started).Round(time.Second)

	fmt.Print(renderResults(rep))
	if o.Out != "" {
		if err := os.WriteFile(o.Out, []byte(renderDocument(rep)), 0o644); err != nil {
			return nil, err
		}
		b.logf("==> wrote %s", o.Out)
	}
	return rep, nil
}

// releaseBuild builds pkg of the module in dir as .goreleaser.yml builds the release: static,
// without cgo, trimmed and stripped.
func (b *bench) releaseBuild(ctx context.Context, dir, pkg, out string) error {
	b.logf("==> (cd %s && CGO_ENABLED=0 go build -trimpath -ldflags \"-s -w\" -o %s %s)", dir, out, pkg)
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Dir, build.Stdout, build.Stderr = dir, os.Stderr, os.Stderr
	return build.Run()
}

// shapes is every server shape the provider runs against: each path style under each router.
func (b *bench) shapes() []latencyResult {
	var out []latencyResult
	for _, style := range b.opts.Styles {
		for _, router := range b.opts.Routers {
			out = append(out, latencyResult{Style: style, Router: router})
		}
	}
	return out
}

// tfArgs adds the flags every timed command gets.
func (b *bench) tfArgs(args []string) []string {
	return append(append([]string(nil), args...), "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", b.opts.Parallelism))
}

// warmUp applies and destroys one resource of each kind, untimed, so that the first timed run
// does not pay for cold caches (binaries and Terraform's own start-up files).
func (b *bench) warmUp(ctx context.Context) error {
	b.logf("==> warm-up (untimed): one resource of each kind")
	fake, err := fakexray.Start(fakexray.WithFlavour(b.opts.Styles[0]), fakexray.WithRouterStyle(b.opts.Routers[0]), fakexray.WithAddr("127.0.0.1:0"))
	if err != nil {
		return fmt.Errorf("starting the fake Xray: %w", err)
	}
	defer fake.Close()
	xenv := withEnv(b.xrayEnv, "JFROG_URL="+fake.URL(), "JFROG_ACCESS_TOKEN="+fake.AdminToken(),
		envWrapOut+"="+filepath.Join(b.tmp, "rss-warmup"))
	for _, w := range []struct {
		dir, config string
		env         []string
	}{
		{filepath.Join(b.tmp, "warmup-data"), dataConfig(1), b.dataEnv},
		{filepath.Join(b.tmp, "warmup-floor"), xrayConfig(1), b.floorEnv},
		{filepath.Join(b.tmp, "warmup-xray"), xrayConfig(1), xenv},
	} {
		if err := newWorkDir(w.dir, w.config); err != nil {
			return err
		}
		for _, ph := range []phase{phases[0], phases[2]} {
			if _, err := b.tf.run(ctx, w.dir, w.env, b.tfArgs(ph.Args)...); err != nil {
				return err
			}
		}
		if err := os.RemoveAll(w.dir); err != nil {
			return err
		}
	}
	if u, err := readUsage(filepath.Join(b.tmp, "rss-warmup")); err != nil || u.Processes == 0 {
		return fmt.Errorf("the RSS wrapper recorded no provider process (%v): is dev_overrides in effect?", err)
	}
	return nil
}

// measureLatency runs every phase -runs times against a fake with the given latency,
// alternating terraform_data, floor provider, HTTP floor and xray runs (in an order drawn anew
// each run) so that a slow drift of a shared machine affects all alike, then the faults apply if
// asked.
func (b *bench) measureLatency(ctx context.Context, lat time.Duration, faults bool) ([]*latencyResult, *faultResult, error) {
	o := b.opts
	floorEnv := withEnv(b.floorEnv, envFloorLatency+"="+lat.String())
	// One fake per server shape (path style and router), so that each provider process meets a
	// server whose routes it has to learn, as a real one would.
	var results []*latencyResult
	var fakes []*fakexray.Server
	for _, shape := range b.shapes() {
		fake, err := fakexray.Start(fakexray.WithFlavour(shape.Style), fakexray.WithRouterStyle(shape.Router),
			fakexray.WithLatency(lat), fakexray.WithSeed(faultSeed), fakexray.WithAddr("127.0.0.1:0"))
		if err != nil {
			return nil, nil, fmt.Errorf("starting the fake Xray: %w", err)
		}
		defer fake.Close()
		fakes = append(fakes, fake)
		lr := &latencyResult{Latency: lat, Style: shape.Style, Router: shape.Router}
		for _, ph := range phases {
			lr.Phases = append(lr.Phases, &phaseResult{Name: ph.Name, Command: strings.Join(ph.Args, " "), NetworkTrips: ph.NetworkTrips, Counts: map[string]int{}})
		}
		results = append(results, lr)
	}
	var httpFloorEnv func(c int) ([]string, *fakexray.Server, error)
	if o.HTTPFloor {
		// Each copy of the HTTP floor asks a fake of its own, so that the provider's request
		// counts stay its own and each copy's requests can be checked apart from the others'
		// (the phases of the copies interleave). Those fakes serve the path style observed on
		// live servers, whose routes the floor's requests use.
		var httpFakes []*fakexray.Server
		defer func() {
			for _, hf := range httpFakes {
				hf.Close()
			}
		}()
		httpFloorEnv = func(c int) ([]string, *fakexray.Server, error) {
			for len(httpFakes) <= c {
				hf, err := fakexray.Start(fakexray.WithFlavour(fakexray.FlavourObserved), fakexray.WithLatency(lat), fakexray.WithAddr("127.0.0.1:0"))
				if err != nil {
					return nil, nil, fmt.Errorf("starting the fake Xray: %w", err)
				}
				httpFakes = append(httpFakes, hf)
			}
			hf := httpFakes[c]
			return withEnv(floorEnv, envFloorHTTP+"="+hf.URL()+" "+hf.AdminToken()), hf, nil
		}
	}
	runs := runsAt(lat, o.Runs, o.ShortRuns)
	b.logf("==> latency %s: %d resources, parallelism %d, %d run(s), path styles %v under routers %v", lat, o.N, o.Parallelism, runs, o.Styles, o.Routers)
	for r := 1; r <= runs; r++ {
		if err := b.round(ctx, roundSpec{lat: lat, r: r, runs: runs, floorEnv: floorEnv, httpFloorEnv: httpFloorEnv, fakes: fakes, results: results}); err != nil {
			return nil, nil, err
		}
	}

	if !faults {
		return results, nil, nil
	}
	xenv := withEnv(b.xrayEnv, "JFROG_URL="+fakes[0].URL(), "JFROG_ACCESS_TOKEN="+fakes[0].AdminToken())
	fr, err := b.measureFaults(ctx, fakes[0], xenv, floorEnv, results[0])
	return results, fr, err
}

// checkHeld verifies the fake's contents after a phase: N integrations after apply and
// refresh, none after destroy. A mismatch makes later runs meaningless, so it is an error.
func checkHeld(fake *fakexray.Server, phaseName string, n int) error {
	want := n
	if phaseName == "destroy" {
		want = 0
	}
	if got := len(fake.Integrations()); got != want {
		return fmt.Errorf("after %s the fake Xray holds %d integrations, want %d", phaseName, got, want)
	}
	return nil
}

// checkHTTPFloor verifies that a run of the HTTP floor sent requests the fake carried out, as the
// provider's are: every create and delete answered 2xx, and nothing left after the destroy. A
// floor whose requests were refused (a wrong token, a body the fake rejects) would time answers
// that cost the fake less than the provider's.
func checkHTTPFloor(fake *fakexray.Server) error {
	for _, r := range fake.Requests() {
		if (r.Pattern == fakexray.PatternCreate || r.Pattern == fakexray.PatternDelete) && (r.Status < 200 || r.Status > 299) {
			return fmt.Errorf("the HTTP floor's %s %s was answered %d", r.Method, r.Path, r.Status)
		}
	}
	if left := len(fake.Integrations()); left != 0 {
		return fmt.Errorf("the HTTP floor's destroy left %d integrations in its fake", left)
	}
	return nil
}

// Injected on the create route only, drawn per request: 10% 503 from a proxy, which the provider
// retries after its own jittered backoff, and 5% 429 with a short Retry-After: 1, which it
// honours (one draw, so 15% of creates in all).
const retryAfterHeader = "1" // seconds

// faultSeed seeds the fake's fault draws. A draw depends on the seed and the request alone (an
// integration's nth create attempt), not on the order of concurrent requests, so every run of
// the harness meets the same faults, and TestInjectedFaultsLeaveEveryCreateARetry shows that with
// this seed no create meets more faults than the provider retries.
const faultSeed = 1

var injectedFaults = []fakexray.Fault{
	{Pattern: fakexray.PatternCreate, Probability: 0.10, Status: 503},
	{Pattern: fakexray.PatternCreate, Probability: 0.05, Status: 429, RetryAfter: retryAfterHeader},
}

// injectedFaultProbability is the chance that one create attempt meets an injected fault.
func injectedFaultProbability() float64 {
	p := 0.0
	for _, f := range injectedFaults {
		p += f.Probability
	}
	return p
}

// expectedFaults is the mean number of faults met in creating that many resources: retries draw
// again, so each resource meets p/(1-p) faults on average.
func expectedFaults(creates int) float64 {
	p := injectedFaultProbability()
	return float64(creates) * p / (1 - p)
}

// measureFaults times -runs applies with faults on the create route, each followed by an
// untimed destroy without faults, and checks that every resource was created exactly once
// (one extra POST per injected fault, nothing else) and that destroy cleans up. Beside each, in
// an order drawn per run, it times the retry floor: the floor provider's apply with the same
// creates retried after the same waits, the faults drawn beforehand by replayFaults.
func (b *bench) measureFaults(ctx context.Context, fake *fakexray.Server, xenv, floorEnv []string, lr *latencyResult) (*faultResult, error) {
	o := b.opts
	fr := &faultResult{Latency: lr.Latency, FaultFree: median(lr.Phases[0].Xray), FloorApply: median(lr.Phases[0].Floor),
		Counts: map[string]int{}}
	runs := runsAt(lr.Latency, o.Runs, o.ShortRuns)
	schedules, err := replayFaults(runs, o.N)
	if err != nil {
		return nil, err
	}
	b.logf("==> latency %s with faults on create (10%% 503, 5%% 429 with Retry-After: 1): %d run(s)", lr.Latency, runs)
	for r := 1; r <= runs; r++ {
		drawn := schedules[r-1]
		var apply, floor time.Duration
		kinds := []func() error{
			func() (err error) { apply, err = b.faultyApply(ctx, fake, xenv, fr, drawn, r); return err },
			func() (err error) {
				floor, err = b.applyOnce(ctx, "faults-floor", withEnv(floorEnv, envFloorRetries+"="+drawn.floorRetries()))
				return err
			},
		}
		for _, run := range shuffled(kinds, r) {
			if err := run(); err != nil {
				return nil, err
			}
		}
		fr.Applies, fr.Floors = append(fr.Applies, apply), append(fr.Floors, floor)
		faulted, chain := drawn.total()
		b.logf("    run %d/%d: apply %s with %d injected faults, at most %d for one resource (retry floor %s, fault-free median %s)",
			r, runs, seconds(apply), faulted, chain, seconds(floor), seconds(fr.FaultFree))
	}
	return fr, nil
}

// faultyApply is run r of the faults phase for the provider: an apply against fake with the
// faults injected, which must meet the drawn faults, and an untimed destroy without them.
func (b *bench) faultyApply(ctx context.Context, fake *fakexray.Server, xenv []string, fr *faultResult, drawn faultSchedule, r int) (time.Duration, error) {
	o := b.opts
	dir := filepath.Join(b.tmp, "faults")
	if err := newWorkDir(dir, xrayConfig(o.N)); err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	fake.ClearFaults()
	for _, f := range injectedFaults {
		fake.Inject(f)
	}
	fake.ResetRequests()
	rssFile := filepath.Join(b.tmp, fmt.Sprintf("rss-faults-%d", r))
	d, err := b.tf.run(ctx, dir, withEnv(xenv, envWrapOut+"="+rssFile), b.tfArgs(phases[0].Args)...)
	fake.ClearFaults()
	if err != nil {
		return 0, fmt.Errorf("faults run %d: %w\n%s", r, err, mostFaulted(fake.Requests()))
	}
	counts := fake.RequestCounts()
	met := metFaults(fake.Requests())
	faulted, chain := met.total()
	fr.Faulted += faulted
	fr.MaxChain = max(fr.MaxChain, chain)
	addCounts(fr.Counts, counts)
	if diff := sameFaults(met, drawn); diff != "" {
		fr.Problems = append(fr.Problems, fmt.Sprintf("run %d: the provider's creates met other faults than the replay drew, so the retry floor waited for others: %s", r, diff))
	}
	// Each injected fault costs exactly one more POST (the retry); the reads are the
	// plan-time checks of the apply's phase budget, and nothing else is sent.
	least := map[string]int{classCreate: o.N + faulted, classRead: phases[0].Expected[classRead] * o.N}
	most := map[string]int{classCreate: o.N + faulted, classRead: least[classRead] + phases[0].Extra[classRead], classVersion: phases[0].Extra[classVersion]}
	for _, p := range checkRanges(counts, least, most, o.N) {
		fr.Problems = append(fr.Problems, fmt.Sprintf("run %d: %s", r, p))
	}
	if got := len(fake.Integrations()); got != o.N {
		fr.Problems = append(fr.Problems, fmt.Sprintf("run %d: the fake holds %d integrations after apply, want %d", r, got, o.N))
	}
	u, err := readUsage(rssFile)
	if err != nil {
		return 0, err
	}
	fr.PeakRSSKiB = max(fr.PeakRSSKiB, u.MaxKiB)

	if _, err := b.tf.run(ctx, dir, withEnv(xenv, envWrapOut+"="+rssFile), b.tfArgs(phases[2].Args)...); err != nil {
		return 0, err
	}
	if got := len(fake.Integrations()); got != 0 {
		fr.Problems = append(fr.Problems, fmt.Sprintf("run %d: the fake holds %d integrations after destroy, want 0", r, got))
		for _, in := range fake.Integrations() {
			fake.Remove(in.ConnectionName)
		}
	}
	return d, nil
}

// applyOnce times one apply of the bench configuration in a fresh working directory named
// name, with env; the floor provider holds nothing, so nothing needs destroying.
func (b *bench) applyOnce(ctx context.Context, name string, env []string) (time.Duration, error) {
	dir := filepath.Join(b.tmp, name)
	if err := newWorkDir(dir, xrayConfig(b.opts.N)); err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	usageFile := filepath.Join(b.tmp, "usage-"+name)
	return b.tf.run(ctx, dir, withEnv(env, envWrapOut+"="+usageFile), b.tfArgs(phases[0].Args)...)
}

// harnessCommand is the command line that reproduces this run: the harness (tools/bench, built
// by scripts/bench.sh) with these arguments, from the repository's root.
func harnessCommand(args []string) string {
	quoted := make([]string, 0, len(args))
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	return strings.TrimSpace("bench " + strings.Join(quoted, " "))
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shuffled is kinds in the order drawn for run k, from a seed fixed per run so that a report
// can be reproduced. The kinds still alternate, and neither a kind's place in a round nor the
// kind before it stays the same from run to run. A turn by one place per run, the order before,
// kept every kind behind the same neighbour in every run, so whatever one kind left on the
// machine was charged to the same server shape in every run, and a median could not remove it.
func shuffled[T any](kinds []T, k int) []T {
	out := append([]T{}, kinds...)
	rng := rand.New(rand.NewPCG(uint64(k), 0x6a09e667f3bcc908)) //nolint:gosec // an order, not a secret
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
