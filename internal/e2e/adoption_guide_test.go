package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The adoption guide as a new user follows it, from its first step: the guide's own script
// (examples/guides/adopting/start-fake.sh) installs the provider with make install and starts
// the standalone fake with the guide's seed file; then, in a folder of the user's with the
// guide's provider.tf and no dev_overrides, a plan for a seeded integration warns with the
// import block, the guide's import.tf and oauth.tf import both (OAuth included), and the next
// plan is clean.
func TestAdoptionGuideFromItsFirstStep(t *testing.T) {
	t.Parallel()
	cli := cliPath(t)
	root := repoRoot(t)
	home, tmp := t.TempDir(), t.TempDir()
	userEnvironment := userEnv(t, home, "TMPDIR="+tmp)

	out := runScriptInBackground(t, root, userEnvironment, readExample(t, "examples/guides/adopting/start-fake.sh"))
	for _, want := range []string{`"connection_name":"cloudProjectABC"`, `"auth_type":"oauth2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the guide's first step did not show %s in the fake's state:\n%s", want, out)
		}
	}
	if strings.Contains(out, "set-in-the-ui") {
		t.Errorf("the fake's state shows the seeded password:\n%s", out)
	}
	fakeEnv := readEnvFile(t, filepath.Join(tmp, "fakexray.env"))

	dir := filepath.Join(home, "adopt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ws := &workspace{t: t, dir: dir, terraform: cli, env: append(userEnvironment,
		"JFROG_URL="+fakeEnv["JFROG_URL"], "JFROG_ACCESS_TOKEN="+fakeEnv["JFROG_ACCESS_TOKEN"])}
	writeFile(t, filepath.Join(dir, "provider.tf"), readExample(t, "examples/guides/adopting/provider.tf"))
	importTF := readExample(t, "examples/guides/adopting/import.tf")
	writeFile(t, filepath.Join(dir, "main.tf"), importTF[strings.Index(importTF, `resource "`):])
	ws.mustRun("init", "-input=false", "-no-color")

	code, planOut := ws.run("plan", "-input=false", "-no-color")
	if code != 0 || !strings.Contains(planOut, "Warning: Jira integration may already exist in Xray") ||
		!strings.Contains(planOut, "import {\n  to = xray_jira_integration.NAME\n  id = \"cloudProjectABC\"\n}") {
		t.Fatalf("plan for the seeded integration exited %d, want 0 with the warning and the import block:\n%s", code, planOut)
	}

	if err := os.Remove(filepath.Join(dir, "main.tf")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "import.tf"), importTF)
	writeFile(t, filepath.Join(dir, "oauth.tf"), readExample(t, "examples/guides/adopting/oauth.tf")+
		"\nimport {\n  to = xray_jira_integration.oauth\n  id = \"oauthProject\"\n}\n")
	if out := ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "2 imported") {
		t.Errorf("the apply did not import both:\n%s", out)
	}
	if code, out := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after adoption exited %d, want 0 (no changes):\n%s", code, out)
	}
}

// runScriptInBackground runs a shell snippet from the docs with bash -e in dir, as a user
// pastes it, and returns its output once it exits. What it started in the background (the fake)
// keeps running in the snippet's process group until the test ends.
func runScriptInBackground(t *testing.T, dir string, env []string, script string) string {
	t.Helper()
	text, _, err := runInGroup(t, dir, env, "bash", "-e", "-c", script)
	if err != nil {
		t.Fatalf("the snippet failed: %v\n%s\n--- snippet ---\n%s", err, text, script)
	}
	return text
}

// runInGroup runs a command in dir in a process group of its own and returns its output, the
// group (which the processes it left in the background are still in) and how it exited. The
// group is stopped when the test ends.
func runInGroup(t *testing.T, dir string, env []string, name string, args ...string) (string, int, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	// A file, not a pipe: the background process inherits it, and Wait would wait for a pipe's
	// last writer to exit.
	out, err := os.Create(filepath.Join(t.TempDir(), "snippet.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	t.Cleanup(func() {
		// Stop the background processes and wait for them, so the test's folders are
		// removed after they let go.
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if !groupAlive(pgid) {
				return
			}
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	})
	err = cmd.Wait()
	text, _ := os.ReadFile(out.Name())
	return string(text), pgid, err
}

// groupAlive reports whether any process of the process group is still running.
func groupAlive(pgid int) bool { return syscall.Kill(-pgid, 0) == nil }

// readEnvFile reads the KEY=VALUE lines that fakexray -env-file writes.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the fake's env file: %v", err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		env[k] = v
	}
	return env
}

// The adoption guide's first step cannot export anything when run with bash instead of being
// sourced: it says so at once, with the command to use, and exits 1 before it installs or starts
// anything (no plugin directory in HOME, nothing left running). Sourced, it runs as the test
// above shows.
func TestAdoptionGuideStartFakeRunWithBash(t *testing.T) {
	t.Parallel()
	cliPath(t)
	home, tmp := t.TempDir(), t.TempDir()
	start := time.Now()
	out, pgid, err := runInGroup(t, repoRoot(t), userEnv(t, home, "TMPDIR="+tmp), "bash", "examples/guides/adopting/start-fake.sh")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("bash start-fake.sh: %v, want exit code 1\n%s", err, out)
	}
	if !strings.Contains(out, "must be sourced") || !strings.Contains(out, ". examples/guides/adopting/start-fake.sh") {
		t.Errorf("bash start-fake.sh does not say to source it, and how:\n%s", out)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("bash start-fake.sh took %s to say so, want at once", elapsed)
	}
	if _, err := os.Stat(filepath.Join(home, ".terraform.d")); err == nil {
		t.Errorf("bash start-fake.sh installed the provider before saying it must be sourced")
	}
	if groupAlive(pgid) {
		t.Errorf("bash start-fake.sh left a process running")
	}
}
