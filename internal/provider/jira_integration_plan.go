package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var _ resource.ResourceWithModifyPlan = (*jiraIntegrationResource)(nil)

// ModifyPlan checks, for an integration the plan would create, what the apply would find: a
// password to create it with, a name that is free, and a token Xray accepts. So a pull
// request's plan fails where its apply would, and says how to adopt an integration made in the
// UI. Only planned creates are checked: an unchanged or updated resource, a refresh-only plan
// and a destroy cost no extra request.
func (r *jiraIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return // a destroy, or a resource that exists
	}
	var config jiraIntegrationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.Password.IsNull() && config.PasswordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password"), "Missing Jira password",
			"Creating a Jira integration needs the Jira password or API token: set password_wo (with password_wo_version) "+
				"or password. Only an integration that already exists in Xray and is imported may be managed without either.")
		return
	}
	name := config.ConnectionName
	if r.client == nil || name.IsUnknown() || name.IsNull() {
		return // the provider or the name is only known at apply: nothing to check yet
	}
	r.checkNameIsFree(ctx, name, resp)
}

// checkNameIsFree reads the integration the plan would create. One GET, the apply's own on an
// Xray that has the name free.
func (r *jiraIntegrationResource) checkNameIsFree(ctx context.Context, name types.String, resp *resource.ModifyPlanResponse) {
	_, err := r.client.GetJiraIntegration(ctx, name.ValueString())
	switch {
	case errors.Is(err, xray.ErrNotFound):
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "plan the creation of", name.ValueString(), err)
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("connection_name"), "Jira integration already exists in Xray",
		fmt.Sprintf("Xray already has a Jira integration named %q (made in the UI, by hand, or by another configuration), "+
			"so creating it would fail. To manage that integration with this resource, import it: add this block "+
			"next to the resource, with `to` the resource address shown above, and plan again:\n\n"+
			"import {\n  to = %s\n  id = %q\n}\n\n"+
			"Or choose another connection_name to create a new integration.", name.ValueString(), importTarget, name.ValueString()))
}

// importTarget stands in for the resource address in the import block the error shows. The
// plugin protocol does not tell a provider the address of the resource it plans, so the
// diagnostic is attached to connection_name: Terraform prints the address just above it.
const importTarget = "xray_jira_integration.NAME"
