package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var _ datasource.DataSourceWithConfigure = (*jiraIntegrationStatusDataSource)(nil)

func newJiraIntegrationStatusDataSource() datasource.DataSource {
	return &jiraIntegrationStatusDataSource{}
}

// jiraIntegrationStatusDataSource reports whether Xray can currently reach Jira through an
// integration. In a check {} block it turns a broken connection into a warning on every plan.
type jiraIntegrationStatusDataSource struct {
	client *xray.Client
}

type jiraIntegrationStatusModel struct {
	ID             types.String `tfsdk:"id"`
	ConnectionName types.String `tfsdk:"connection_name"`
	Status         types.String `tfsdk:"status"`
	Reason         types.String `tfsdk:"reason"`
	CheckedAt      types.String `tfsdk:"checked_at"`
	Healthy        types.Bool   `tfsdk:"healthy"`
}

func (d *jiraIntegrationStatusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jira_integration_status"
}

func (d *jiraIntegrationStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Asks Xray whether a Jira integration can reach Jira right now. Use it in a `check` block " +
			"so that every plan warns when the connection breaks (an expired token, a moved server). " +
			"A missing integration is not an error here: it reports `INTEGRATION_NOT_FOUND` and `healthy = false`. " +
			"Requires Xray 3.136 or later.",
		Attributes: map[string]schema.Attribute{
			"connection_name": schema.StringAttribute{
				MarkdownDescription: "The name of the integration to check.",
				Required:            true,
				Validators:          []validator.String{connectionNameValidator()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "Equal to `connection_name`.",
				Computed:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Xray's verdict: `HEALTHY_INTEGRATION`, `FAULTY_CONFIGURATION`, `INTEGRATION_NOT_FOUND` or `INTERNAL_SERVER_ERROR`.",
				Computed:            true,
			},
			"reason": schema.StringAttribute{
				MarkdownDescription: "Xray's explanation when the integration is not healthy; empty otherwise.",
				Computed:            true,
			},
			"checked_at": schema.StringAttribute{
				MarkdownDescription: "When Xray checked, in RFC 3339 format.",
				Computed:            true,
			},
			"healthy": schema.BoolAttribute{
				MarkdownDescription: "`true` exactly when `status` is `HEALTHY_INTEGRATION`: the value to assert in a `check` block.",
				Computed:            true,
			},
		},
	}
}

func (d *jiraIntegrationStatusDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *jiraIntegrationStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data jiraIntegrationStatusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := data.ConnectionName.ValueString()
	got := readIntegrationStatus(ctx, d.client, name, &resp.Diagnostics)
	if got == nil {
		return
	}
	data.ID = types.StringValue(name)
	data.Status = types.StringValue(got.Status)
	data.Reason = types.StringValue(got.Reason)
	data.CheckedAt = types.StringValue(got.Time)
	data.Healthy = types.BoolValue(statusHealthy(got))
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
