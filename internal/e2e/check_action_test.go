package e2e

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The action's example, as the docs show it: the apply that creates the integration runs the
// check; terraform apply -invoke runs it alone, exits 0 while Xray reaches Jira and 1 with Xray's
// reason once it cannot, and changes nothing either way.
func TestInvokeCheckActionExitCodes(t *testing.T) {
	requireActions(t)
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(),
		providerBlocks+readExample(t, "examples/actions/xray_jira_integration_check/action.tf"))
	ws.setenv("TF_VAR_jira_api_token=jira-api-token")
	const name, invoke = "cloudProjectABC", "-invoke=action.xray_jira_integration_check.cloud"
	statusChecks := func() int { return fake.RequestCounts()[fakexray.PatternStatus] }

	out := ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if _, ok := fake.Integration(name); !ok {
		t.Fatalf("the apply did not create %s:\n%s", name, out)
	}
	if got := statusChecks(); got != 1 {
		t.Errorf("the apply that created the integration made %d status checks, want 1 (the action_trigger):\n%s", got, out)
	}

	fake.ResetRequests()
	code, out := ws.run("apply", invoke, "-auto-approve", "-input=false", "-no-color")
	if code != 0 {
		t.Fatalf("apply %s of a healthy integration exited %d, want 0:\n%s", invoke, code, out)
	}
	// The action sends no message after Xray's answer (a send then could block for ever).
	for _, want := range []string{`asking Xray whether integration "cloudProjectABC" can reach Jira`} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks the progress message %q:\n%s", want, out)
		}
	}
	if got := statusChecks(); got != 1 {
		t.Errorf("the invoke made %d status checks, want 1", got)
	}

	fake.SetStatus(name, fakexray.StatusFaultyConfiguration, "Jira answered 401: the API token was revoked")
	code, out = ws.run("apply", invoke, "-auto-approve", "-input=false", "-no-color")
	if code != 1 {
		t.Errorf("apply %s of a faulty integration exited %d, want 1:\n%s", invoke, code, out)
	}
	flat := strings.Join(strings.Fields(out), " ") // Terraform wraps long lines
	for _, want := range []string{`Error: Xray cannot reach Jira through integration "cloudProjectABC"`,
		"FAULTY_CONFIGURATION", "Jira answered 401: the API token was revoked"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	for _, r := range fake.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("an invoke of the check changed something: %s %s", r.Method, r.Path)
		}
	}
}

// Ctrl-C while Xray takes its time to answer the check ends terraform at once, and as a failed
// check: the action waits for nothing but its request, the interrupt cancels that, and the
// cancelled check reports it (see releasingActionServer.StopProvider for why that needs care).
func TestInterruptedCheckActionEndsAtOnce(t *testing.T) {
	requireActions(t)
	fake := fakexray.NewTestServer(t)
	fake.Put(fakexray.JiraIntegration{ConnectionName: "slow", AuthType: "basic", Username: "bot@example.com",
		InstallationType: "cloud", JiraServerURL: "https://customer.atlassian.net"})
	const latency = time.Minute
	fake.Inject(fakexray.Fault{Pattern: fakexray.PatternStatus, Latency: latency})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), providerBlocks+`
action "xray_jira_integration_check" "slow" {
  config {
    connection_name = "slow"
  }
}
`)
	apply, out := ws.command("apply", "-invoke=action.xray_jira_integration_check.slow", "-auto-approve", "-input=false", "-no-color")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for fake.RequestCounts()[fakexray.PatternStatus] == 0 {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the status check never reached Xray:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	interrupted := time.Now()
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(latency / 2):
		_ = apply.Process.Kill()
		t.Fatalf("terraform was still waiting for the check %s after Ctrl-C:\n%s", latency/2, out)
	}
	took := time.Since(interrupted)
	t.Logf("terraform exited %s after Ctrl-C (Xray would have answered after %s):\n%s", took.Round(time.Millisecond), latency, out)
	if took > 10*time.Second {
		t.Errorf("terraform took %s to exit after Ctrl-C, want a few seconds at most", took)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("the interrupted check ended with %v, want exit status 1: an unfinished check must not pass", err)
	}
	flat := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{`Error: Unable to check the status of Jira integration "slow"`, "interrupted before Xray answered"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if strings.Contains(flat, "Apply complete!") {
		t.Error(`an interrupted check printed "Apply complete!"`)
	}
	if got := fake.Requests(); len(got) != 1 || got[0].Status != 0 {
		t.Errorf("want one status request, abandoned by the provider before Xray answered; the fake logged %+v", got)
	}
}

// requireActions skips a test that needs actions, which Terraform added in 1.14 and OpenTofu
// does not have, saying so.
func requireActions(t *testing.T) {
	t.Helper()
	const feature = "actions (action blocks, action_trigger, terraform apply -invoke) need Terraform 1.14.0 or later"
	if !terraformFrom(t, "1.14.0") {
		product, have := cliRelease(t)
		t.Skipf("%s; this CLI is %s %s: skipping test", feature, product, have)
	}
}

// The GitOps guide's configuration, as it is: the apply on merge fails when Xray cannot reach
// Jira with the integration it has just created, and its daily -invoke job passes once the cause
// is fixed.
func TestGitOpsExampleFailsTheApplyOfAFaultyIntegration(t *testing.T) {
	requireActions(t)
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), readExample(t, "examples/gitops/main.tf"))
	ws.setenv("TF_VAR_jira_api_token=jira-api-token")
	fake.SetStatus("security-findings", fakexray.StatusFaultyConfiguration, "Jira answered 401: the API token has expired")

	code, out := ws.run("apply", "-auto-approve", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("the apply of a faulty integration exited %d, want 1:\n%s", code, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{`Error: Xray cannot reach Jira through integration "security-findings"`, "Jira answered 401: the API token has expired"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the apply output lacks %q:\n%s", want, out)
		}
	}
	if _, ok := fake.Integration("security-findings"); !ok {
		t.Fatal("the failed check undid the create")
	}

	fake.SetStatus("security-findings", "", "") // the token was renewed in Jira
	if code, out := ws.run("apply", "-invoke=action.xray_jira_integration_check.security", "-auto-approve", "-input=false", "-no-color"); code != 0 {
		t.Errorf("the health job's -invoke exited %d once the integration was healthy, want 0:\n%s", code, out)
	}
}
