package e2e

import (
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// Ctrl-C during a slow refresh stops Terraform within seconds: reads are safe to repeat, so they
// give up with the interrupt instead of waiting for every answer in flight. The state is left as
// it was, with every integration still in it.
func TestInterruptedRefreshStopsPromptly(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("refreshed", 10))
	if apply, out := ws.command("apply", "-auto-approve", "-input=false", "-no-color"); apply.Run() != nil {
		t.Fatalf("the first apply failed:\n%s", out)
	}
	// Every read now takes far longer than the test allows for stopping.
	const readLatency = 45 * time.Second
	fake.Inject(fakexray.Fault{Method: "GET", PathContains: "/jira-integrations/", Latency: readLatency})
	fake.ResetRequests()

	plan, out := ws.command("plan", "-refresh-only", "-input=false", "-no-color", "-parallelism=4")
	if err := plan.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(fake.Requests()) < 4 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(fake.Requests()) == 0 {
		t.Fatalf("no read reached the fake:\n%s", out)
	}
	exited := signalAndWait(t, plan)
	elapsed := time.Since(exited.signalled)
	if !exited.ok || elapsed > readLatency/2 {
		t.Fatalf("terraform still ran %s after Ctrl-C: reads waited for their answers\n%s", elapsed.Round(time.Millisecond), out)
	}
	t.Logf("terraform exited %s after Ctrl-C", elapsed.Round(time.Millisecond))

	if got := len(ws.stateNames()); got != 10 {
		t.Errorf("after the interrupted refresh the state holds %d integrations, want 10", got)
	}
}
