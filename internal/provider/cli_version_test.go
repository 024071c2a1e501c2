package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The CLI releases that added what some tests need. Each leg of the compatibility matrix
// (make test-matrix) runs a different CLI, so a test that needs one of these skips on older
// CLIs, and its skip message names the feature and the release it waits for.
var (
	writeOnlyCLI      = cliFeature{"write-only arguments (password_wo)", tfversion.Version1_11_0}
	identityImportCLI = cliFeature{"import by resource identity", tfversion.Version1_12_0}
)

type cliFeature struct {
	name  string
	since *version.Version
}

// skipBelow is tfversion.SkipBelow with a skip message that says which feature is missing.
func skipBelow(f cliFeature) tfversion.TerraformVersionCheck { return f }

func (f cliFeature) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(f.since).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip = fmt.Sprintf("%s needs Terraform or OpenTofu %s or later; this CLI is %s: skipping test",
			f.name, f.since, req.TerraformVersion)
	}
}
