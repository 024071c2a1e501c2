package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliRelease returns the product ("Terraform" or "OpenTofu") and version of the CLI the tests
// run, from the first line of its `version` output.
func cliRelease(t *testing.T) (string, *version.Version) {
	t.Helper()
	cli := cliPath(t)
	cmd := exec.Command(cli, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	product, v, _ := strings.Cut(first, " v")
	have, err := version.NewVersion(v)
	if err != nil {
		t.Fatalf("cannot read the version of %q: %v", first, err)
	}
	return product, have
}

// terraformFrom reports whether the CLI is Terraform at version least or later.
func terraformFrom(t *testing.T, least string) bool {
	t.Helper()
	product, have := cliRelease(t)
	return product == "Terraform" && !have.LessThan(version.Must(version.NewVersion(least)))
}

// replanSeesPlan reports whether the CLI hands the apply's second plan of a change the private
// data of the first (the planned_private field Terraform 1.16 added), so that the provider checks
// a new name once per create rather than twice.
func replanSeesPlan(t *testing.T) bool {
	t.Helper()
	return terraformFrom(t, "1.16.0")
}
