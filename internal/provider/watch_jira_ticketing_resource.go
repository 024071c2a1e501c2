package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var (
	_ resource.ResourceWithConfigure   = (*watchTicketingResource)(nil)
	_ resource.ResourceWithImportState = (*watchTicketingResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*watchTicketingResource)(nil)
	_ resource.ResourceWithIdentity    = (*watchTicketingResource)(nil)
)

func newWatchTicketingResource() resource.Resource { return &watchTicketingResource{} }

// watchTicketingResource owns the ticketing fields of a watch that something else made: every
// write is a GET of the whole watch, a change of those fields only, and a PUT of it all back
// (DESIGN.md, "Watch ticketing").
type watchTicketingResource struct {
	client *xray.Client
}

func (r *watchTicketingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_watch_jira_ticketing"
}

func (r *watchTicketingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// watchID is the resource's id and import ID: the name, and ":" and the project key for a
// watch of a project (jfrog/xray's import ID for xray_watch has the same form).
func watchID(name, project string) string {
	if project == "" {
		return name
	}
	return name + ":" + project
}

func (m *watchTicketingModel) setID() {
	m.ID = types.StringValue(watchID(m.WatchName.ValueString(), m.ProjectKey.ValueString()))
}

func (r *watchTicketingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.writePlan(ctx, req.Plan, "set", &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *watchTicketingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.writePlan(ctx, req.Plan, "update", &resp.State, resp.Identity, &resp.Diagnostics)
}

// writePlan is create and update alike: write the plan's ticketing onto the watch, then record
// the plan as the state, with its identity.
func (r *watchTicketingResource) writePlan(ctx context.Context, p tfsdk.Plan, verb string, state *tfsdk.State,
	identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var plan watchTicketingModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() || !r.write(ctx, plan, verb, diags) {
		return
	}
	plan.setID()
	diags.Append(state.Set(ctx, plan)...)
	diags.Append(setWatchIdentity(ctx, identity, plan)...)
}

// write reads the watch, sets the plan's ticketing on it and puts the whole watch back: one
// GET and one PUT. A PUT whose answer was lost is settled by one more GET.
func (r *watchTicketingResource) write(ctx context.Context, plan watchTicketingModel, op string, diags *diag.Diagnostics) bool {
	name, project := plan.WatchName.ValueString(), plan.ProjectKey.ValueString()
	w, err := r.client.GetWatch(ctx, name, project)
	if err != nil {
		addWatchError(diags, op+" the ticketing of", name, err)
		return false
	}
	body, err := plan.applyTo(w)
	if err != nil {
		diags.AddError(fmt.Sprintf("Unable to %s the ticketing of watch %q", op, name), err.Error())
		return false
	}
	err = r.client.PutWatch(ctx, name, project, body)
	if err != nil && !r.settled(ctx, name, project, err, plan.same) {
		addWatchError(diags, op+" the ticketing of", name, err)
		return false
	}
	logInfo(ctx, "Wrote the ticketing of a watch", map[string]any{"watch_name": name, "project_key": project})
	return true
}

// settled decides a failed PUT: only one whose answer was lost may still have worked, and then
// the watch is read back; it is settled when Xray holds what was written (holds reports that).
func (r *watchTicketingResource) settled(ctx context.Context, name, project string, err error, holds func(watchTicketing) bool) bool {
	var uncertain *xray.UncertainWriteError
	if !errors.As(err, &uncertain) {
		return false
	}
	w, getErr := r.client.GetWatch(ctx, name, project)
	if getErr != nil {
		return false
	}
	t, decodeErr := ticketingOf(w)
	ok := decodeErr == nil && holds(t)
	tflog.Debug(ctx, "The answer to a watch update was lost; read the watch back", map[string]any{"watch_name": name, "stored": ok})
	return ok
}

func (r *watchTicketingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state watchTicketingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.WatchName.ValueString()
	w, err := r.client.GetWatch(ctx, name, state.ProjectKey.ValueString())
	if errors.Is(err, xray.ErrWatchNotFound) {
		tflog.Debug(ctx, "The watch is gone from Xray; removing its ticketing from state", map[string]any{"watch_name": name})
		resp.State.RemoveResource(ctx)
		// The framework rejects a Read that returns no identity even when it removes the
		// resource (see jiraIntegrationResource.Read); Terraform drops it with the resource.
		resp.Diagnostics.Append(setWatchIdentity(ctx, resp.Identity, state)...)
		return
	}
	if err != nil {
		addWatchError(&resp.Diagnostics, "read the ticketing of", name, err)
		return
	}
	t, err := ticketingOf(w)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read the ticketing of watch %q", name), err.Error())
		return
	}
	state.refresh(t)
	state.setID()
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(setWatchIdentity(ctx, resp.Identity, state)...)
}

// Delete turns ticketing off and leaves the watch: create_ticket_enabled false, no profile and
// no generation settings. A watch already gone is what delete wants.
func (r *watchTicketingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state watchTicketingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, project := state.WatchName.ValueString(), state.ProjectKey.ValueString()
	w, err := r.client.GetWatch(ctx, name, project)
	if errors.Is(err, xray.ErrWatchNotFound) {
		return
	}
	if err != nil {
		addWatchError(&resp.Diagnostics, "turn off the ticketing of", name, err)
		return
	}
	err = r.client.PutWatch(ctx, name, project, withoutTicketing(w))
	off := func(t watchTicketing) bool { return !t.enabled && t.profile == "" }
	if err != nil && !errors.Is(err, xray.ErrWatchNotFound) && !r.settled(ctx, name, project, err, off) {
		addWatchError(&resp.Diagnostics, "turn off the ticketing of", name, err)
	}
}
