// Package e2e drives the built provider binary through the terraform CLI, for what the
// in-process acceptance tests cannot do: interrupting a running apply with Ctrl-C, settings Go
// reads once per process (SSL_CERT_FILE, HTTPS_PROXY, HTTP_PROXY, NO_PROXY), and installing the
// provider from source the way a user does, then init with no dev_overrides.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// workspace is a folder with a configuration, a dev_overrides CLI config pointing at a freshly
// built provider, and the environment to run terraform in it.
type workspace struct {
	t         *testing.T
	dir       string
	terraform string
	env       []string
}

func newWorkspace(t *testing.T, xrayURL, token, config string) *workspace {
	t.Helper()
	terraform := cliPath(t)
	dir := t.TempDir()
	binDir := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, "terraform-provider-xray"), ".")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "dev.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "platformkit/xray", binDir)
	writeFile(t, cliConfig, overrides)
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	return &workspace{t: t, dir: dir, terraform: terraform, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"JFROG_URL="+xrayURL, "JFROG_ACCESS_TOKEN="+token, "TF_LOG=")}
}

// cliPath is the CLI that make test picked (TF_ACC_TERRAFORM_PATH), else terraform on PATH; the
// test skips without TF_ACC or without a CLI.
func cliPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests run with TF_ACC=1 (make test)")
	}
	if terraform := os.Getenv("TF_ACC_TERRAFORM_PATH"); terraform != "" {
		return terraform
	}
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform binary: set TF_ACC_TERRAFORM_PATH (make test does)")
	}
	return terraform
}

func (w *workspace) command(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(w.terraform, args...)
	var out bytes.Buffer
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = w.dir, w.env, &out, &out
	return cmd, &out
}

// stateNames lists the connection_name of every xray_jira_integration in the local state.
func (w *workspace) stateNames() map[string]bool {
	w.t.Helper()
	cmd, out := w.command("show", "-json")
	if err := cmd.Run(); err != nil {
		w.t.Fatalf("terraform show: %v\n%s", err, out)
	}
	var state struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out.Bytes(), &state); err != nil {
		w.t.Fatalf("decoding terraform show -json: %v", err)
	}
	names := map[string]bool{}
	if state.Values != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Type == "xray_jira_integration" {
				if name, ok := r.Values["connection_name"].(string); ok {
					names[name] = true
				}
			}
		}
	}
	return names
}

func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the source folder")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
