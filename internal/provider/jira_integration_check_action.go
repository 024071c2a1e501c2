package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var _ action.ActionWithConfigure = (*jiraIntegrationCheckAction)(nil)

func newJiraIntegrationCheckAction() action.Action {
	return &jiraIntegrationCheckAction{}
}

// jiraIntegrationCheckAction runs Xray's status check of an integration and fails unless Xray
// can reach Jira through it. Triggered after a resource's create or update, it makes that apply
// fail when the new settings do not work; run with terraform apply -invoke, its exit code says
// whether the integration is healthy. (Terraform 1.14 and later; OpenTofu has no actions.)
type jiraIntegrationCheckAction struct {
	client *xray.Client
}

type jiraIntegrationCheckModel struct {
	ConnectionName types.String `tfsdk:"connection_name"`
}

func (a *jiraIntegrationCheckAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jira_integration_check"
}

func (a *jiraIntegrationCheckAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Asks Xray to check that a Jira integration can reach Jira, and fails unless Xray answers " +
			"`HEALTHY_INTEGRATION`. Trigger it from the integration's `lifecycle { action_trigger { ... } }` so that the apply " +
			"that creates or changes an integration fails when Xray cannot reach Jira with it, or run it on its own with " +
			"`terraform apply -invoke=action.xray_jira_integration_check.NAME`. " +
			"Requires Terraform 1.14 or later (OpenTofu has no actions) and Xray 3.136 or later.",
		Attributes: map[string]schema.Attribute{
			"connection_name": schema.StringAttribute{
				MarkdownDescription: "The name of the integration to check. When the integration's own `action_trigger` runs the " +
					"action, `caller.connection_name` (Terraform 1.16 and later) is the name of the integration that triggered it.",
				Required:   true,
				Validators: []validator.String{connectionNameValidator()},
			},
		},
	}
}

func (a *jiraIntegrationCheckAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Invoke makes one status request, with the provider's client (its retries, TLS and token). It
// waits for nothing but that request, which ends when ctx does: on Ctrl-C, Terraform's
// StopProvider cancels ctx, and the action returns at once. Nothing is changed on Xray, so there
// is nothing to finish.
func (a *jiraIntegrationCheckAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var data jiraIntegrationCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("The Xray provider is not configured",
			"The action ran before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	name := data.ConnectionName.ValueString()
	sendProgress(ctx, resp, fmt.Sprintf("asking Xray whether integration %q can reach Jira", name))
	got := readIntegrationStatus(ctx, a.client, name, &resp.Diagnostics)
	if got == nil {
		return
	}
	if !statusHealthy(got) {
		addUnhealthyError(&resp.Diagnostics, name, got)
	}
	// No closing message: by now the stream may have stopped reading progress, and a send there
	// would block this goroutine for the life of the process. A healthy check shows as the
	// action's success.
}

// sendProgress reports progress unless ctx is done. The framework (v1.19) hands each message
// over an unbuffered channel to the stream Terraform reads, and that stream stops reading once
// the request's context is done or the action has returned its answer; a send after that would
// block this goroutine for the life of the process. So progress is sent only before the request.
func sendProgress(ctx context.Context, resp *action.InvokeResponse, message string) {
	if ctx.Err() != nil || resp.SendProgress == nil {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: message})
}
