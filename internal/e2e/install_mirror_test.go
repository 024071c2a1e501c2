package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A CLI configuration with a provider_installation block, as in shops that mirror providers
// through Artifactory, switches off the implied local mirror where make install puts the
// provider. install.sh then says so and prints the filesystem_mirror to add; without the
// addition init fails, with it (and the provider excluded from the network mirror) init
// installs the provider from the directory install.sh filled, as docs/guides/installing.md says.
func TestInstallBesideProviderInstallationBlock(t *testing.T) {
	cli := cliPath(t)
	root := repoRoot(t)
	home := t.TempDir()
	cliConfig := filepath.Join(home, "corp.tfrc")
	// A mirror nobody answers: connection refused at once, as an unreachable Artifactory would.
	mirror := "network_mirror {\n    url = \"https://127.0.0.1:1/artifactory/api/terraform/tf-remote/providers/\"\n%s  }\n"
	writeFile(t, cliConfig, "provider_installation {\n  "+fmt.Sprintf(mirror, "")+"}\n")
	env := userEnv(t, home, "TF_CLI_CONFIG_FILE="+cliConfig)

	install := exec.Command(filepath.Join(root, "scripts", "install.sh"))
	var stdout, stderr bytes.Buffer
	install.Dir, install.Env, install.Stdout, install.Stderr = root, env, &stdout, &stderr
	if err := install.Run(); err != nil {
		t.Fatalf("scripts/install.sh: %v\n%s%s", err, &stdout, &stderr)
	}
	addition := regexp.MustCompile(`(?s)  filesystem_mirror \{.*?\n  \}\n`).FindString(stderr.String())
	plugins := filepath.Join(home, ".terraform.d", "plugins")
	if !strings.Contains(addition, fmt.Sprintf("path    = %q", plugins)) ||
		!strings.Contains(stderr.String(), `exclude = ["platformkit/xray"]`) {
		t.Fatalf("install.sh did not print the filesystem_mirror for %s and the exclude; stderr:\n%s", plugins, &stderr)
	}

	dir := filepath.Join(home, "project")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), `
terraform {
  required_providers {
    xray = { source = "platformkit/xray" }
  }
}
`)
	initDir := func() (string, error) {
		cmd := exec.Command(cli, "init", "-input=false", "-no-color")
		var out bytes.Buffer
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := initDir(); err == nil {
		t.Fatalf("init succeeded without the addition; the test no longer shows the problem:\n%s", out)
	} else if !strings.Contains(out, "platformkit/xray") {
		t.Fatalf("init failed for another reason than platformkit/xray:\n%s", out)
	}

	writeFile(t, cliConfig, "provider_installation {\n"+addition+"  "+
		fmt.Sprintf(mirror, "    exclude = [\"platformkit/xray\"]\n")+"}\n")
	if out, err := initDir(); err != nil {
		config, _ := os.ReadFile(cliConfig)
		t.Fatalf("init with the documented addition failed: %v\n%s\n--- CLI configuration ---\n%s", err, out, config)
	}
}
