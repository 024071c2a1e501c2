package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = (*jiraIntegrationResource)(nil)

// ModifyPlan checks, for an integration the plan would create, what the apply would find: a
// password to create it with, a name that is free, and a token Xray accepts. So a pull
// request's plan fails where its apply would, and says how to adopt an integration made in the
// UI. Only planned creates are checked: an unchanged or updated resource, a refresh-only plan
// and a destroy cost no extra request.
//
// Terraform plans the create half of a replacement (-replace, taint, a new connection_name) as a
// create with a null prior state, carrying the private data the first half returned (DESIGN.md).
// So the plan of an object that exists passes its name on in the private data, and a create that
// replaces an integration of the same name skips the check: that integration is its own.
//
// terraform apply plans each create twice: for the plan, and again just before the create. A
// check that found the name free says so in the plan's private data (freeKey); Terraform 1.16 and
// later hand that back to the second plan, which then skips the check (DESIGN.md, "Plans twice").
//
// The provider's skip_name_check turns the name check off for a bulk create: the plan then makes
// no request, and a taken name fails at create with the import block (addAPIError).
func (r *jiraIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // a destroy
	}
	if !req.State.Raw.IsNull() {
		name, _ := stringAttribute(req.State.Raw, "connection_name") // always set in a state
		resp.Diagnostics.Append(recordName(ctx, resp.Private, name)...)
		return
	}
	var config jiraIntegrationModel
	resp.Diagnostics.Append(config.load(ctx, req.Config.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The configuration's auth_type is the plan's, but for the default "basic" where it is unset.
	if authType := config.AuthType; authType.ValueString() != "" && authType.ValueString() != "basic" {
		resp.Diagnostics.AddAttributeError(path.Root("auth_type"), "OAuth integrations cannot be created through the API",
			fmt.Sprintf("Xray's API creates basic integrations only; auth_type %q is for an OAuth integration made in the Xray UI "+
				"and then imported. Leave auth_type out (or set \"basic\") to create one here.", authType.ValueString()))
		return
	}
	// The name comes first: if Xray has it, the fix is an import, which needs no password.
	name := config.ConnectionName
	replaces := priorName(ctx, req.Private, req.Identity)
	// With skip_name_check, no request: a taken name fails at create, with the same advice.
	if r.client != nil && !r.skipNameCheck && !name.IsUnknown() && !name.IsNull() && replaces != name.ValueString() {
		if free, ok := foundFree(ctx, name.ValueString()); ok {
			// The apply's second plan of a create the first plan found free: asking again would
			// cost a round trip per create, and a name taken since is reported by the create
			// itself, with the same advice, before anything changes in Xray. The object keeps
			// the route the first plan learnt.
			resp.Diagnostics.Append(writeRecord(ctx, resp.Private, free.Route)...)
		} else if !r.checkNameIsFree(ctx, name, replaces, resp) {
			return
		} else {
			resp.Diagnostics.Append(r.markFree(ctx, resp.Private, name.ValueString())...)
		}
	}
	if config.Password.IsNull() && config.PasswordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password"), "Missing Jira password",
			"Creating a Jira integration needs the Jira password or API token: set password_wo (with password_wo_version) "+
				"or password. Only an integration that already exists in Xray and is imported may be managed without either.")
	}
}

// checkNameIsFree reads the integration the plan would create (one GET) and reports whether it is
// free, so that the plan's other checks apply. replaces is the name of the integration this create replaces, from the private
// data or identity Terraform hands the create half of a replacement; "" when there is none.
//
// A taken name fails the plan when the provider can tell that the integration is not the one
// being replaced: the create replaces an integration of another name. A create with neither
// private data nor identity is a new resource or the replacement of a tainted one (Terraform
// hands a tainted object's create neither, see DESIGN.md), and the provider cannot tell which:
// the plan warns, and the apply's create of a name that is still taken fails with the same
// advice, changing nothing in Xray.
func (r *jiraIntegrationResource) checkNameIsFree(ctx context.Context, name types.String, replaces string, resp *resource.ModifyPlanResponse) bool {
	exists, err := r.client.JiraIntegrationExists(ctx, name.ValueString())
	switch {
	case err != nil:
		addAPIError(&resp.Diagnostics, "plan the creation of", name.ValueString(), err)
		return false
	case !exists:
		return true
	}
	if replaces == "" {
		resp.Diagnostics.AddAttributeWarning(path.Root("connection_name"), "Jira integration may already exist in Xray",
			fmt.Sprintf("Xray already has a Jira integration named %q. If this plan replaces a tainted integration of that "+
				"name, this is that integration and the apply replaces it. Otherwise it was made in the UI, by hand, or by "+
				"another configuration, and the apply's create will fail without changing it. ", name.ValueString())+
				adoptAdvice(name.ValueString()))
		return false // an import needs no password: the password check would only mislead
	}
	resp.Diagnostics.AddAttributeError(path.Root("connection_name"), "Jira integration already exists in Xray",
		fmt.Sprintf("This plan replaces the integration %q with one named %q, but Xray already has a Jira integration "+
			"named %q (made in the UI, by hand, or by another configuration), so creating it would fail. ",
			replaces, name.ValueString(), name.ValueString())+adoptAdvice(name.ValueString()))
	return false
}

// adoptAdvice says how to take over an existing integration, with the import block filled in.
func adoptAdvice(name string) string {
	return fmt.Sprintf("To manage that integration with this resource, import it: add this block next to the "+
		"resource, with `to` the resource address shown above, and plan again:\n\n"+
		"import {\n  to = %s\n  id = %q\n}\n\n"+
		"If another resource of this configuration manages it and you moved it to this address, add a moved "+
		"block instead. Or choose another connection_name to create a new integration.", importTarget, name)
}

// importTarget stands in for the resource address in the import block the error shows. The
// plugin protocol does not tell a provider the address of the resource it plans, so the
// diagnostic is attached to connection_name: Terraform prints the address just above it.
const importTarget = "xray_jira_integration.NAME"
