package e2e

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// Ctrl-C against a slow Xray (800 ms a request, -parallelism=4), in each phase that talks to
// it: Terraform exits within 2 s of the signal, nothing reaches the fake afterwards, and the
// server holds exactly what the state says. Before, the plan-time checks queued behind one
// another for the route discovery and kept sending requests for half a minute after the signal.
const (
	slowLatency  = 800 * time.Millisecond
	stopDeadline = 2 * time.Second
	slowCount    = 40
)

// The plan's checks also keep -parallelism requests in flight once the route style is known:
// between 1 s and 2 s after the first request, every one of the 4 slots has sent its next check
// (before, the checks waited one behind another for the route discovery, one request at a time).
func TestInterruptedPlanOfNewIntegrationsStopsPromptly(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	fake.Inject(fakexray.Fault{Latency: slowLatency})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("planned", slowCount))
	interruptAndWait(t, ws, fake, "plan", "-input=false", "-no-color", "-parallelism=4")
	assertServerMatchesState(t, ws, fake)
	reqs := fake.Requests()
	if len(reqs) == 0 {
		return
	}
	first, inWindow := reqs[0].Time, 0
	for _, r := range reqs {
		if d := r.Time.Sub(first); d >= time.Second && d < 2*time.Second {
			inWindow++
		}
	}
	if inWindow < 4 {
		t.Errorf("%d checks reached the fake between 1 s and 2 s into the plan, want 4 (one per parallel slot): the checks queue", inWindow)
	}
}

func TestInterruptedSlowRefreshStopsPromptly(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("refreshed", slowCount))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	fake.Inject(fakexray.Fault{Latency: slowLatency})
	interruptAndWait(t, ws, fake, "plan", "-refresh-only", "-input=false", "-no-color", "-parallelism=4")
	assertServerMatchesState(t, ws, fake)
	if got := len(ws.stateNames()); got != slowCount {
		t.Errorf("the interrupted refresh left %d integrations in the state, want %d", got, slowCount)
	}
}

// Terraform's apply without a saved plan does not pass Ctrl-C on to the plan it runs first (in
// v1.16.4, internal/backend/local/backend_apply.go calls Core.Plan outside opWait): that plan
// runs to its end whatever the provider does, as it would with any provider. So the signal
// comes once the creates are under way, in the apply walk, where the provider is told to stop.
func TestInterruptedSlowApplyStopsPromptly(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	fake.Inject(fakexray.Fault{Latency: slowLatency})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("applied", slowCount))
	interruptAndWait(t, ws, fake, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
	assertServerMatchesState(t, ws, fake)
	if n := len(fake.Integrations()); n == 0 || n == slowCount {
		t.Errorf("the interrupt came too early or too late to test anything: %d of %d created", n, slowCount)
	}
}

// interruptAndWait runs terraform with args, sends SIGINT 2 s after the first request of its
// phase reached the fake (for an apply, the first create), and fails the test unless terraform exits within stopDeadline and the fake receives no
// request after that.
func interruptAndWait(t *testing.T, ws *workspace, fake *fakexray.Server, args ...string) {
	t.Helper()
	fake.ResetRequests()
	cmd, out := ws.command(args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := func() bool {
		for _, r := range fake.Requests() {
			if args[0] != "apply" || r.Method == "POST" {
				return true
			}
		}
		return false
	}
	deadline := time.Now().Add(60 * time.Second)
	for !started() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !started() {
		_ = cmd.Process.Kill()
		t.Fatalf("no request reached the fake:\n%s", out)
	}
	time.Sleep(2 * time.Second)
	exited := signalAndWait(t, cmd)
	elapsed := time.Since(exited.signalled)
	t.Logf("terraform exited %s after Ctrl-C; %d requests reached the fake", elapsed.Round(time.Millisecond), len(fake.Requests()))
	if !exited.ok {
		t.Fatalf("terraform still ran %s after Ctrl-C\n%s", 30*time.Second, out)
	}
	if elapsed > stopDeadline {
		for _, r := range fake.Requests() {
			t.Logf("  %s %s %s status %d", r.Time.Sub(exited.signalled).Round(time.Millisecond), r.Method, r.Path, r.Status)
		}
		t.Errorf("terraform took %s to exit after Ctrl-C, want at most %s\n%s", elapsed.Round(time.Millisecond), stopDeadline, out)
	}
	sent := len(fake.Requests())
	time.Sleep(slowLatency + 500*time.Millisecond)
	if late := len(fake.Requests()) - sent; late > 0 {
		t.Errorf("%d requests reached the fake after terraform had exited", late)
	}
}

type exitResult struct {
	signalled time.Time
	ok        bool
}

func signalAndWait(t *testing.T, cmd *exec.Cmd) exitResult {
	t.Helper()
	res := exitResult{signalled: time.Now()}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
		res.ok = true
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	return res
}

// assertServerMatchesState checks that every integration on the fake is in the state and every
// one in the state is on the fake.
func assertServerMatchesState(t *testing.T, ws *workspace, fake *fakexray.Server) {
	t.Helper()
	inState := ws.stateNames()
	onServer := map[string]bool{}
	for _, in := range fake.Integrations() {
		onServer[in.ConnectionName] = true
	}
	if missing := difference(onServer, inState); len(missing) > 0 {
		t.Errorf("on the server but not in state (orphans): %v", missing)
	}
	if missing := difference(inState, onServer); len(missing) > 0 {
		t.Errorf("in state but not on the server: %v", missing)
	}
}
