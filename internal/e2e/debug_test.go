package e2e

import (
	"bufio"
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// startDebugProvider runs the built provider with -debug and returns the TF_REATTACH_PROVIDERS
// value it prints; the process is stopped when the test ends.
func startDebugProvider(t *testing.T, ws *workspace) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, filepath.Join(ws.dir, "bin", "terraform-provider-xray"), "-debug")
	cmd.Env = ws.env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			line := strings.TrimSpace(scanner.Text())
			if v, ok := strings.CutPrefix(line, "TF_REATTACH_PROVIDERS="); ok {
				found <- strings.Trim(v, "'")
			}
		}
	}()
	select {
	case v := <-found:
		return v
	case <-time.After(30 * time.Second):
		t.Fatal("the provider under -debug printed no TF_REATTACH_PROVIDERS")
	}
	return ""
}

// A debug session behaves like a real run: with Terraform 1.16 and later, the apply's second plan
// of a create sees the first plan's private data and does not check the name again, so an apply
// of N new integrations sends the same N+4 GETs at most as without -debug (N checks, the
// discovery's second read and the version, and one create's proof of the route on both routes). Before, -debug served
// tf6server's own gRPC server without replan's interceptor, and every create was checked twice.
func TestDebugSessionPlansLikeARealRun(t *testing.T) {
	if !replanSeesPlan(t) {
		t.Skip("only Terraform 1.16 and later hand the second plan the first one's private data")
	}
	const n = 3
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("debug", n))
	ws.setenv("TF_REATTACH_PROVIDERS=" + startDebugProvider(t, ws))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	gets := countMethod(fake, http.MethodGet)
	if gets > n+4 {
		t.Errorf("an apply of %d new integrations under -debug sent %d GETs, want at most %d: the second plan checked again", n, gets, n+4)
	}
	if names := ws.stateNames(); len(names) != n {
		t.Errorf("the state holds %v, want %d integrations", names, n)
	}
}
