package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// Install from source as the README says: make install's script puts the release binary in the
// implied local mirror of a fresh HOME, then init, with no dev_overrides and no CLI
// configuration at all, finds it there with no network and writes the lock file; plan, apply
// and destroy then work against the fake Xray. It runs with whichever CLI make test picked.
func TestInstallFromSourceThenInit(t *testing.T) {
	cli := cliPath(t)
	fake := fakexray.NewTestServer(t)
	root := repoRoot(t)
	home := t.TempDir()
	env := userEnv(t, home, "JFROG_URL="+fake.URL(), "JFROG_ACCESS_TOKEN="+fake.AdminToken())

	install := exec.Command(filepath.Join(root, "scripts", "install.sh"))
	install.Dir, install.Env = root, env
	installed, err := install.Output()
	if err != nil {
		t.Fatalf("scripts/install.sh: %v\n%s%s", err, installed, stderrOf(err))
	}
	version := changelogVersion(t, root)
	host := registryHost(t, cli, env)
	want := filepath.Join(home, ".terraform.d", "plugins", host, "platformkit", "xray", version,
		runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-xray_v"+version)
	if !strings.Contains(string(installed), want) {
		t.Fatalf("install.sh did not report %s; it printed:\n%s", want, installed)
	}

	dir := filepath.Join(home, "project")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = %q
    }
  }
}

provider "xray" {}

resource "xray_jira_integration" "installed" {
  connection_name   = "installed-from-source"
  username          = "bot@example.com"
  password          = "secret"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
`, version))
	run := func(wantCode int, args ...string) string {
		t.Helper()
		cmd := exec.Command(cli, append(args, "-input=false", "-no-color")...)
		var out bytes.Buffer
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &out, &out
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%s %s: %v", cli, args[0], err)
		}
		if code != wantCode {
			t.Fatalf("%s %s exited %d, want %d:\n%s", filepath.Base(cli), strings.Join(args, " "), code, wantCode, &out)
		}
		return out.String()
	}

	initOut := run(0, "init")
	if strings.Contains(initOut, "overrides") {
		t.Errorf("init used development overrides; it must install from the local mirror:\n%s", initOut)
	}
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("init wrote no lock file: %v\n%s", err, initOut)
	}
	locked := regexp.MustCompile(`(?s)provider "` + regexp.QuoteMeta(host) + `/platformkit/xray" \{\s*version\s*=\s*"` +
		regexp.QuoteMeta(version) + `".*?hashes\s*=\s*\[\s*"h1:`)
	if !locked.Match(lock) {
		t.Errorf("the lock file does not record %s/platformkit/xray %s with an h1 hash:\n%s", host, version, lock)
	}

	run(2, "plan", "-detailed-exitcode")
	run(0, "apply", "-auto-approve")
	if got := fake.Integrations(); len(got) != 1 || got[0].ConnectionName != "installed-from-source" {
		t.Fatalf("after apply the fake holds %+v, want the one integration", got)
	}
	run(0, "plan", "-detailed-exitcode")
	run(0, "destroy", "-auto-approve")
	if got := fake.Integrations(); len(got) != 0 {
		t.Errorf("after destroy the fake still holds %d integrations", len(got))
	}
}

// userEnv is this process's environment as a user with a brand-new HOME would have it: no CLI
// configuration, plugin cache or data directory from the machine, but the same Go caches so the
// build inside install.sh is not a cold one.
func userEnv(t *testing.T, home string, extra ...string) []string {
	t.Helper()
	goEnv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	values := strings.Split(strings.TrimSpace(string(goEnv)), "\n")
	if len(values) != 4 {
		t.Fatalf("go env printed %q", goEnv)
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "HOME", name == "TF_CLI_CONFIG_FILE", name == "TF_PLUGIN_CACHE_DIR",
			name == "TF_DATA_DIR", name == "TF_LOG", strings.HasPrefix(name, "TF_CLI_ARGS"),
			strings.HasPrefix(name, "XDG_"), strings.HasPrefix(name, "GO"):
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"GOCACHE="+values[0], "GOMODCACHE="+values[1], "GOPATH="+values[2], "GOENV="+values[3])
	if flags := os.Getenv("GOFLAGS"); flags != "" {
		env = append(env, "GOFLAGS="+flags)
	}
	return append(env, extra...)
}

// registryHost is the host a bare "platformkit/xray" source means to this CLI.
func registryHost(t *testing.T, cli string, env []string) string {
	t.Helper()
	cmd := exec.Command(cli, "version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	if bytes.HasPrefix(out, []byte("OpenTofu")) {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// changelogVersion is the newest CHANGELOG entry, the version make install defaults to.
func changelogVersion(t *testing.T, root string) string {
	t.Helper()
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## v?(\d+\.\d+\.\d+)`).FindSubmatch(changelog)
	if m == nil {
		t.Fatal("no version heading in CHANGELOG.md")
	}
	return string(m[1])
}

func stderrOf(err error) []byte {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.Stderr
	}
	return nil
}
