package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// commandTimeout bounds one terraform command, so that a hang ends the benchmark with an error.
const commandTimeout = 30 * time.Minute

// terraform runs one CLI binary.
type terraform struct {
	bin string
}

// commandError is a failed terraform command with the end of its output.
type commandError struct {
	Args   []string
	Dir    string
	Err    error
	Stderr string
	Stdout string
}

func (e *commandError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform %s (in %s): %v", strings.Join(e.Args, " "), e.Dir, e.Err)
	if e.Stderr != "" {
		fmt.Fprintf(&b, "\n--- stderr (last lines) ---\n%s", e.Stderr)
	}
	if e.Stdout != "" {
		fmt.Fprintf(&b, "\n--- stdout (last lines) ---\n%s", e.Stdout)
	}
	return b.String()
}

// run runs terraform with args in dir and returns its wall-clock time.
func (t terraform) run(ctx context.Context, dir string, env []string, args ...string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// On Ctrl-C or timeout, ask Terraform to stop cleanly (it then stops its providers); kill
	// it only if it has not exited a while later.
	ownProcessGroup(cmd)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, &commandError{Args: args, Dir: dir, Err: err, Stderr: tail(stderr.String(), 40), Stdout: tail(stdout.String(), 20)}
	}
	return elapsed, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// cleanEnv is the environment without the variables that would change what Terraform does or
// how fast (logging, extra CLI arguments, a reattached provider, another CLI configuration,
// credentials for a real Xray); each run sets its own.
func cleanEnv(env []string) []string {
	drop := []string{"TF_LOG", "TF_CLI_ARGS", "TF_CLI_CONFIG_FILE=", "TF_DATA_DIR=", "TF_REATTACH_PROVIDERS=",
		"TF_PLUGIN_CACHE", "TF_WORKSPACE=", "TF_INPUT=", "TF_VAR_", "TF_IN_AUTOMATION=", "CHECKPOINT_DISABLE=",
		"JFROG_", "XRAY_"}
	out := make([]string, 0, len(env))
next:
	for _, kv := range env {
		for _, prefix := range drop {
			if strings.HasPrefix(kv, prefix) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return append(out, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// devOverridesConfig is a CLI configuration that takes platformkit/xray from dir: with it,
// plan and apply run without `terraform init`, which needs the registry.
func devOverridesConfig(dir string) string {
	return fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "platformkit/xray", dir)
}

// xrayConfig declares n Jira integrations with unique names.
func xrayConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    xray = {
      source = "platformkit/xray"
    }
  }
}

provider "xray" {}

resource "xray_jira_integration" "bench" {
  count             = %d
  connection_name   = "bench-${count.index}"
  username          = "bench@example.com"
  password          = "bench-password"
  installation_type = "cloud"
  jira_server_url   = "https://bench.atlassian.net"
}
`, n)
}

// dataConfig declares n terraform_data resources holding the same values, so that Terraform's
// state and plans are of a similar size.
func dataConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = {
    connection_name   = "bench-${count.index}"
    username          = "bench@example.com"
    password          = "bench-password"
    installation_type = "cloud"
    jira_server_url   = "https://bench.atlassian.net"
  }
}
`, n)
}

// newWorkDir creates dir (fresh) with main.tf.
func newWorkDir(dir, config string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

func copyFile(from, to string, mode os.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, mode)
}

// providerModule is the provider's module path: the repository's root holds its go.mod.
const providerModule = "github.com/platformkit/terraform-provider-xray"

// moduleRoot finds the repository's root from the working directory up: the directory whose
// go.mod declares the provider's module (tools/go.mod, the harness's own, declares another).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && declaresModule(string(data), providerModule) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory: run from the repository", providerModule)
		}
		dir = parent
	}
}

// declaresModule reports whether a go.mod file's text declares the module path.
func declaresModule(gomod, path string) bool {
	for _, line := range strings.Split(gomod, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == path
		}
	}
	return false
}

// withEnv returns a copy of env with the extra variables appended.
func withEnv(env []string, extra ...string) []string {
	return append(append(make([]string, 0, len(env)+len(extra)), env...), extra...)
}
