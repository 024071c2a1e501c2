// Command demo shows the provider doing its job with no JFrog account: it starts the fake Xray,
// then runs terraform apply, a second plan (which must show no changes) and destroy on
// examples/demo through a dev_overrides CLI configuration, printing what the fake holds after each.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

func main() {
	terraform := flag.String("terraform", "terraform", "the terraform (or tofu) binary")
	providerDir := flag.String("provider-dir", "", "folder holding the built terraform-provider-xray binary")
	example := flag.String("example", "examples/demo", "folder of the configuration to apply")
	flag.Parse()
	if err := run(*terraform, *providerDir, *example); err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run(terraform, providerDir, example string) error {
	if providerDir == "" {
		return errors.New("-provider-dir is required")
	}
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return err
	}
	fake, err := fakexray.Start()
	if err != nil {
		return fmt.Errorf("starting the fake Xray: %w", err)
	}
	defer fake.Close()
	fmt.Printf("==> Fake Xray listening on %s\n", fake.URL())

	work, err := os.MkdirTemp("", "xray-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := copyTerraformFiles(example, work); err != nil {
		return err
	}
	// dev_overrides points Terraform at the local build; with it, `terraform init` is neither
	// needed nor possible offline, so plan and apply run directly.
	cliConfig := filepath.Join(work, "dev.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", "platformkit/xray", providerDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"JFROG_URL="+fake.URL(),
		"JFROG_ACCESS_TOKEN="+fake.AdminToken(),
		"TF_VAR_jira_api_token=demo-api-token",
	)
	tf := func(args ...string) (int, error) {
		fmt.Printf("\n==> %s %s\n", filepath.Base(terraform), strings.Join(args, " "))
		cmd := exec.Command(terraform, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = work, env, os.Stdout, os.Stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), nil
		}
		return 0, err
	}

	if code, err := tf("apply", "-auto-approve", "-input=false", "-no-color"); err != nil || code != 0 {
		return fmt.Errorf("apply failed (exit %d): %v", code, err)
	}
	printHoldings(fake)
	code, err := tf("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("the plan after apply should show no changes, exit code %d", code)
	}
	fmt.Println("==> The second plan shows no changes.")
	if code, err := tf("destroy", "-auto-approve", "-input=false", "-no-color"); err != nil || code != 0 {
		return fmt.Errorf("destroy failed (exit %d): %v", code, err)
	}
	printHoldings(fake)
	if n := len(fake.Integrations()); n != 0 {
		return fmt.Errorf("the fake still holds %d integrations after destroy", n)
	}
	fmt.Println("\n==> Demo complete: created, verified a clean plan, and destroyed against the fake Xray.")
	return nil
}

func printHoldings(fake *fakexray.Server) {
	all := fake.Integrations()
	fmt.Printf("\n==> The fake Xray now holds %d Jira integration(s):\n", len(all))
	for _, in := range all {
		fmt.Printf("    %-18s %-6s %-7s %-40s skip_proxy=%-5t user=%s password received=%t\n",
			in.ConnectionName, in.AuthType, in.InstallationType, in.JiraServerURL, in.SkipProxy, in.Username, in.Password != "")
	}
}

func copyTerraformFiles(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no .tf files in %s: %v", from, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}
