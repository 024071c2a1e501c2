package e2e

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// planWithin runs `terraform plan` of the workspace and kills it when it has not ended within
// limit, which fails the test: the plan never ended of itself.
func planWithin(t *testing.T, ws *workspace, limit time.Duration) (code int, out string, took time.Duration) {
	t.Helper()
	cmd, buf := ws.command("plan", "-input=false", "-no-color")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		took = time.Since(start)
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), buf.String(), took
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, buf.String(), took
	case <-time.After(limit):
		_ = cmd.Process.Kill()
		err := <-done
		t.Fatalf("the plan was still running after %s (killed: %v):\n%s", limit, err, buf.String())
	}
	return 0, "", 0
}

// versionRequests counts the version look-ups the fake received.
func versionRequests(fake *fakexray.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Pattern == fakexray.PatternVersion {
			n++
		}
	}
	return n
}

// A plan of new integrations on a server whose routes both answer a missing name in Xray's own
// shape needs the version, and the version service never answers: the plan ends after one
// request timeout (60 s) with an error that says what did not answer, having asked once. Before,
// each timed-out look-up was asked again, one per timeout, for ever.
func TestPlanEndsWhenTheVersionNeverAnswers(t *testing.T) {
	t.Parallel()
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourBoth), fakexray.WithRouterStyle(fakexray.RouterXray))
	fake.Inject(fakexray.Fault{Pattern: fakexray.PatternVersion, Latency: time.Hour})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("silent", 2))
	code, out, _ := planWithin(t, ws, 150*time.Second)
	if code != 1 || !strings.Contains(out, "version") || !strings.Contains(out, "request timeout") {
		t.Errorf("plan exited %d, want 1 with an error naming the version that did not answer:\n%s", code, out)
	}
	if n := versionRequests(fake); n != 1 {
		t.Errorf("the plan asked for the version %d times, want 1", n)
	}
}

// A plan of new integrations on a server whose routes tell themselves apart (the observed route
// answers Xray's own not-found, the documented one Go's router) is decided by the two reads:
// it does not wait for the version look-up it starts beside them, which here never answers.
// Before, the plan waited for the version, until its request timed out (60 s).
func TestPlanOfNewNamesDoesNotWaitForTheVersion(t *testing.T) {
	t.Parallel()
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourObserved), fakexray.WithRouterStyle(fakexray.RouterGo))
	fake.Inject(fakexray.Fault{Pattern: fakexray.PatternVersion, Latency: time.Hour})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("decided", 10))
	// 45 s is far above a plan of 10 (a few seconds) and below the version's 60 s timeout.
	code, out, took := planWithin(t, ws, 45*time.Second)
	if code != 0 {
		t.Errorf("plan exited %d after %s, want 0:\n%s", code, took, out)
	}
}
