package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

var _ datasource.DataSourceWithConfigure = (*jiraIntegrationDataSource)(nil)

func newJiraIntegrationDataSource() datasource.DataSource {
	return &jiraIntegrationDataSource{}
}

// jiraIntegrationDataSource reads an integration that this configuration does not manage: one
// made in the Xray UI, by another team, or in another workspace.
type jiraIntegrationDataSource struct {
	client *xray.Client
}

type jiraIntegrationDataModel struct {
	ID               types.String `tfsdk:"id"`
	ConnectionName   types.String `tfsdk:"connection_name"`
	AuthType         types.String `tfsdk:"auth_type"`
	Username         types.String `tfsdk:"username"`
	InstallationType types.String `tfsdk:"installation_type"`
	JiraServerURL    types.String `tfsdk:"jira_server_url"`
	SkipProxy        types.Bool   `tfsdk:"skip_proxy"`
}

func (d *jiraIntegrationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jira_integration"
}

func (d *jiraIntegrationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Jira integration from Xray by name, including integrations made in the Xray UI " +
			"(which may use OAuth) or managed elsewhere. The password is never returned. Requires Xray 3.129 or later.",
		Attributes: map[string]schema.Attribute{
			"connection_name": schema.StringAttribute{
				MarkdownDescription: "The name of the integration to read. An unknown name is an error.",
				Required:            true,
				Validators:          []validator.String{connectionNameValidator()},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "Equal to `connection_name`.",
				Computed:            true,
			},
			"auth_type": schema.StringAttribute{
				MarkdownDescription: "How Xray authenticates to Jira: `basic`, `oauth1` or `oauth2`.",
				Computed:            true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The Jira user Xray connects as.",
				Computed:            true,
			},
			"installation_type": schema.StringAttribute{
				MarkdownDescription: "`cloud` or `server`.",
				Computed:            true,
			},
			"jira_server_url": schema.StringAttribute{
				MarkdownDescription: "The URL of the Jira that Xray connects to.",
				Computed:            true,
			},
			"skip_proxy": schema.BoolAttribute{
				MarkdownDescription: "Whether Xray bypasses its proxy when connecting to Jira.",
				Computed:            true,
			},
		},
	}
}

func (d *jiraIntegrationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *jiraIntegrationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data jiraIntegrationDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := data.ConnectionName.ValueString()
	got, err := d.client.GetJiraIntegration(ctx, name)
	if errors.Is(err, xray.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("connection_name"), "Jira integration not found",
			fmt.Sprintf("Xray has no Jira integration named %q. Check the name (it is case-sensitive) and that the token's Xray is the one that holds it.", name))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", name, err)
		return
	}
	data = jiraIntegrationDataModel{
		ID:               types.StringValue(got.ConnectionName),
		ConnectionName:   types.StringValue(got.ConnectionName),
		AuthType:         types.StringValue(got.AuthType),
		Username:         types.StringValue(got.Username),
		InstallationType: types.StringValue(got.InstallationType),
		JiraServerURL:    types.StringValue(got.JiraServerURL),
		SkipProxy:        types.BoolValue(got.SkipProxy),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
