package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// ModifyPlan refuses, at plan time, ticketing for a watch Xray does not have: one GET, for a
// planned create only (an existing resource was just read by the refresh, and a watch gone
// since turned it into a create). A name not known until the apply (a watch made in the same
// apply) is not checked: the apply reports a missing watch.
func (r *watchTicketingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() || r.client == nil {
		return
	}
	var name, project types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("watch_name"), &name)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("project_key"), &project)...)
	if resp.Diagnostics.HasError() || name.IsUnknown() || name.IsNull() || project.IsUnknown() {
		return
	}
	seen, _ := json.Marshal(watchID(name.ValueString(), project.ValueString()))
	if bytes.Equal(plannedKey(ctx, watchSeenKey), seen) {
		// The apply's second plan of a create whose first plan found the watch (Terraform 1.16
		// and later hand it that plan's private data): the create's own GET reports a watch
		// deleted since, before anything is written.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, watchSeenKey, seen)...)
		return
	}
	_, err := r.client.GetWatch(ctx, name.ValueString(), project.ValueString())
	switch {
	case err == nil:
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, watchSeenKey, seen)...)
	case errors.Is(err, xray.ErrWatchNotFound):
		scope := "globally"
		if project.ValueString() != "" {
			scope = fmt.Sprintf("in project %q", project.ValueString())
		}
		resp.Diagnostics.AddAttributeError(path.Root("watch_name"), "Watch does not exist in Xray",
			fmt.Sprintf("Xray has no watch named %q %s. ", name.ValueString(), scope)+makeWatchAdvice)
	case err != nil:
		addWatchError(&resp.Diagnostics, "plan the ticketing of", name.ValueString(), err)
	}
}

// watchSeenKey is the private-data key where a plan records the watch (its id) it found.
const watchSeenKey = "xray_watch_seen"

// watchIdentityModel is the resource identity (Terraform 1.12 and later).
type watchIdentityModel struct {
	WatchName  types.String `tfsdk:"watch_name"`
	ProjectKey types.String `tfsdk:"project_key"`
}

func (r *watchTicketingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"watch_name":  identityschema.StringAttribute{Description: "The watch's name.", RequiredForImport: true},
			"project_key": identityschema.StringAttribute{Description: "The watch's project; null for a global watch.", OptionalForImport: true},
		},
	}
}

// setWatchIdentity records the identity; it is nil when the CLI does not support identities.
func setWatchIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m watchTicketingModel) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, watchIdentityModel{WatchName: m.WatchName, ProjectKey: m.ProjectKey})
}

// ImportState takes the watch's name (`NAME`, or `NAME:PROJECT_KEY` for a watch of a project,
// as jfrog/xray imports xray_watch), or the identity. The read that follows fills in the rest.
func (r *watchTicketingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id watchIdentityModel
	switch {
	case req.ID != "":
		name, project := req.ID, ""
		if i := strings.LastIndex(req.ID, ":"); i >= 0 {
			name, project = req.ID[:i], req.ID[i+1:]
		}
		if name == "" || (strings.Contains(req.ID, ":") && project == "") {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID is the watch's name, or NAME:PROJECT_KEY for a watch of a project; %q is neither. "+
					"A global watch whose name contains \":\" is imported by identity.", req.ID))
			return
		}
		id.WatchName = types.StringValue(name)
		id.ProjectKey = types.StringNull()
		if project != "" {
			id.ProjectKey = types.StringValue(project)
		}
	case req.Identity != nil:
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if id.ProjectKey.ValueString() == "" {
			id.ProjectKey = types.StringNull()
		}
	}
	if id.WatchName.ValueString() == "" {
		resp.Diagnostics.AddError("Invalid import", "The import needs the watch's name, as the ID or as the identity's watch_name.")
		return
	}
	m := watchTicketingModel{WatchName: id.WatchName, ProjectKey: id.ProjectKey}
	m.setID()
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), m.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("watch_name"), m.WatchName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_key"), m.ProjectKey)...)
	resp.Diagnostics.Append(setWatchIdentity(ctx, resp.Identity, m)...)
}
