package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var (
	_ resource.ResourceWithConfigure        = (*jiraIntegrationResource)(nil)
	_ resource.ResourceWithImportState      = (*jiraIntegrationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*jiraIntegrationResource)(nil)
)

func newJiraIntegrationResource() resource.Resource {
	return &jiraIntegrationResource{}
}

type jiraIntegrationResource struct {
	client *xray.Client
	// skipNameCheck is the provider's skip_name_check: ModifyPlan does not ask Xray whether a new
	// name is free, and a taken name is reported by the create.
	skipNameCheck bool
}

func (r *jiraIntegrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jira_integration"
}

func (r *jiraIntegrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Jira integration in JFrog Xray: the connection Xray uses to open Jira tickets. " +
			"Xray checks the connection to Jira when the integration is created or updated, so an unreachable Jira " +
			"or wrong credentials fail the apply with Xray's message. Requires Xray 3.129 or later and an admin token.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The integration's ID, equal to `connection_name`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"connection_name": schema.StringAttribute{
				MarkdownDescription: "The integration's unique name. Xray cannot rename an integration, so changing it replaces the integration.",
				Required:            true,
				Validators:          []validator.String{connectionNameValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"auth_type": schema.StringAttribute{
				MarkdownDescription: "How Xray authenticates to Jira: `basic`, or `oauth1` / `oauth2` for an integration made in " +
					"the Xray UI and imported. Xray's API creates and updates `basic` integrations only, so a new integration " +
					"must be `basic`, and an existing one can change to `basic` only. An update that leaves it unchanged does not send it, " +
					"so an imported OAuth integration keeps its type. Defaults to `basic`.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString("basic"),
				Validators:    []validator.String{stringvalidator.OneOf("basic", "oauth1", "oauth2")},
				PlanModifiers: []planmodifier.String{authTypeChangeNeedsBasic{}},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The Jira user Xray connects as. It needs permission to create tickets in the target projects.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "The Jira password or API token for `username`. Stored in the Terraform state (marked sensitive). " +
					"Xray never returns it, so a change made outside Terraform is not detected. " +
					"At most one of `password` and `password_wo` may be set, and creating an integration needs one of them; " +
					"prefer `password_wo` on Terraform 1.11 or later.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "The Jira password or API token for `username`, as a write-only argument: it is sent to Xray " +
					"but never stored in the state or plan. Requires Terraform 1.11 or later. Because Terraform cannot compare " +
					"a write-only value, it is sent on create and whenever `password_wo_version` changes, never otherwise: " +
					"to rotate the password, change both. Requires `password_wo_version`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number that you change whenever `password_wo` changes; a change sends the new " +
					"`password_wo` to Xray in an in-place update. Required with `password_wo`, and only allowed with it.",
				Optional: true,
			},
			"installation_type": schema.StringAttribute{
				MarkdownDescription: "Where Jira runs: `cloud` (Atlassian Cloud) or `server` (self-hosted Jira Server or Data Center).",
				Required:            true,
				Validators:          []validator.String{installationTypeValidator{}},
			},
			"jira_server_url": schema.StringAttribute{
				MarkdownDescription: "The URL of the Jira that Xray connects to, for example `https://acme.atlassian.net`. " +
					"Must be an absolute `http` or `https` URL reachable from Xray.",
				Required:   true,
				Validators: []validator.String{httpURLValidator{}},
			},
			"skip_proxy": schema.BoolAttribute{
				MarkdownDescription: "Whether Xray bypasses its configured proxy when connecting to Jira. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		},
	}
}

func (r *jiraIntegrationResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// password_wo is named first so that password + password_wo + version names it.
		resourcevalidator.Conflicting(path.MatchRoot("password_wo"), path.MatchRoot("password")),
		resourcevalidator.Conflicting(path.MatchRoot("password"), path.MatchRoot("password_wo_version")),
		// Without its version a password_wo could never be sent again after create, so a switch
		// from password to password_wo would leave Xray with the old password.
		resourcevalidator.RequiredTogether(path.MatchRoot("password_wo"), path.MatchRoot("password_wo_version")),
	}
}

func (r *jiraIntegrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	if rd, ok := req.ProviderData.(*resourceData); ok {
		r.skipNameCheck = rd.skipNameCheck
	}
}

func (r *jiraIntegrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config jiraIntegrationModel
	resp.Diagnostics.Append(plan.load(ctx, req.Plan.Raw)...)
	resp.Diagnostics.Append(config.load(ctx, req.Config.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := plan.toAPI(secretFrom(plan, config))
	ctx = maskSecrets(ctx, in.Password)
	// The route the plan's process proved, if any, spares the create a discovery of its own.
	planned := plannedRecord(ctx)

	if err := r.client.CreateJiraIntegration(ctx, in, via(planned.route)...); err != nil {
		// Nothing is written to state: a failed create leaves no half-made resource behind.
		addAPIError(&resp.Diagnostics, "create", in.ConnectionName, err)
		return
	}
	logInfo(ctx, "Created Jira integration", map[string]any{"connection_name": in.ConnectionName})
	resp.Diagnostics.Append(plan.save(ctx, &resp.State, resp.Identity)...)
	resp.Diagnostics.Append(r.rememberCreated(ctx, resp.Private, planned)...)
}

func (r *jiraIntegrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jiraIntegrationModel
	resp.Diagnostics.Append(state.load(ctx, req.State.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	kept := readRecord(ctx, req.Private) // the framework hands Read one private store, as req.Private and resp.Private
	got, err := r.client.GetJiraIntegration(ctx, state.ConnectionName.ValueString(), via(kept.route)...)
	if errors.Is(err, xray.ErrNotFound) {
		tflog.Debug(ctx, "Jira integration is gone from Xray; removing it from state so the next apply recreates it",
			map[string]any{"connection_name": state.ConnectionName.ValueString()})
		resp.State.RemoveResource(ctx)
		// terraform-plugin-framework (v1.19) rejects a Read that returns no identity even when
		// it removes the resource, so the identity is kept; Terraform drops it with the resource.
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ConnectionName)...)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", state.ConnectionName.ValueString(), err)
		return
	}
	read := state
	read.fromAPI(got)
	if read != state || !state.ID.Equal(state.ConnectionName) {
		resp.Diagnostics.Append(read.save(ctx, &resp.State, resp.Identity)...)
	} else {
		// Xray holds what the state says: the framework's copy of the state stands, and
		// only the identity may be missing (a state written before identities).
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ConnectionName)...)
	}
	resp.Diagnostics.Append(r.rememberRead(ctx, resp.Private, kept)...)
}

func (r *jiraIntegrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config jiraIntegrationModel
	resp.Diagnostics.Append(plan.load(ctx, req.Plan.Raw)...)
	resp.Diagnostics.Append(state.load(ctx, req.State.Raw)...)
	resp.Diagnostics.Append(config.load(ctx, req.Config.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A write-only password is sent only when its version changes: Terraform cannot tell
	// whether the value itself changed, so the version is the user's explicit signal.
	secret := plan.Password.ValueString()
	if !config.PasswordWO.IsNull() && !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) {
		secret = config.PasswordWO.ValueString()
	}
	in := plan.toAPI(secret)
	if plan.AuthType.Equal(state.AuthType) {
		// Unchanged, so left out: the API accepts only "basic", and an imported OAuth
		// integration keeps its auth_type (see jira_integration_auth_type.go).
		in.AuthType = ""
	}
	ctx = maskSecrets(ctx, in.Password, config.PasswordWO.ValueString())

	if err := r.client.UpdateJiraIntegration(ctx, in, routeHint(ctx, req.Private)...); err != nil {
		addAPIError(&resp.Diagnostics, "update", in.ConnectionName, err)
		return
	}
	logInfo(ctx, "Updated Jira integration", map[string]any{"connection_name": in.ConnectionName, "password_sent": secret != ""})
	resp.Diagnostics.Append(plan.save(ctx, &resp.State, resp.Identity)...)
	resp.Diagnostics.Append(r.rememberUpdated(ctx, resp.Private)...)
}

func (r *jiraIntegrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jiraIntegrationModel
	resp.Diagnostics.Append(state.load(ctx, req.State.Raw)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.client.DeleteJiraIntegration(ctx, state.ConnectionName.ValueString(), routeHint(ctx, req.Private)...)
	if errors.Is(err, xray.ErrNotFound) {
		return // Already gone: that is what delete wants.
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "delete", state.ConnectionName.ValueString(), err)
	}
}
