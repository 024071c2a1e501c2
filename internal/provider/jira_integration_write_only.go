package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithValidateConfig = (*jiraIntegrationResource)(nil)

// ValidateConfig explains what to do when password_wo meets a CLI without write-only
// arguments (before Terraform 1.11 / OpenTofu 1.11): the framework's own error only says that
// write-only attributes are unsupported.
func (r *jiraIntegrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if req.ClientCapabilities.WriteOnlyAttributesAllowed {
		return
	}
	var passwordWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if passwordWO.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "password_wo needs a newer Terraform",
		"password_wo is a write-only argument, which needs Terraform 1.11 or OpenTofu 1.11 or later. "+
			"Upgrade the CLI, or set password instead: it works with every version, but is stored in the state (marked sensitive).")
}
