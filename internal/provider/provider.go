// Package provider implements the Terraform provider for JFrog Xray's Jira integrations.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// Address is the provider's source address in the Terraform Registry.
const Address = "registry.terraform.io/platformkit/xray"

// The environment variables read when the provider block leaves an argument out. They are the
// names JFrog's own Xray provider uses, so users can switch providers without new variables.
var (
	urlEnvVars   = []string{"JFROG_URL", "XRAY_URL"}
	tokenEnvVars = []string{"JFROG_ACCESS_TOKEN", "XRAY_ACCESS_TOKEN"}
)

var _ provider.Provider = (*xrayProvider)(nil)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &xrayProvider{version: version}
	}
}

type xrayProvider struct {
	version string
}

type providerModel struct {
	URL         types.String `tfsdk:"url"`
	AccessToken types.String `tfsdk:"access_token"`
}

func (p *xrayProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "xray"
	resp.Version = p.version
}

func (p *xrayProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages JFrog Xray's Jira integrations, which let Xray open Jira tickets for security findings.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "The JFrog platform URL, for example `https://acme.jfrog.io` (Xray is served below `/xray`). " +
					"Defaults to the `JFROG_URL` environment variable, then `XRAY_URL`.",
				Optional: true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "An access token of an Xray admin, sent as a bearer token. " +
					"Defaults to the `JFROG_ACCESS_TOKEN` environment variable, then `XRAY_ACCESS_TOKEN`. " +
					"Prefer the environment variable over writing the token in configuration.",
				Optional:  true,
				Sensitive: true,
			},
		},
	}
}

// Configure builds the API client. Every problem with the URL or token is reported here,
// before any request is made.
func (p *xrayProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.URL.IsUnknown() || cfg.AccessToken.IsUnknown() {
		resp.Diagnostics.AddError("Xray provider configuration is not known yet",
			"The provider's url or access_token depends on a value that is only known after apply. "+
				"Set them from values known at plan time, or from the JFROG_URL and JFROG_ACCESS_TOKEN environment variables.")
		return
	}

	rawURL := valueOrEnv(cfg.URL, urlEnvVars)
	token := valueOrEnv(cfg.AccessToken, tokenEnvVars)
	ctx = maskSecrets(ctx, token)

	if rawURL == "" {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Missing Xray URL",
			"Set url in the provider block, or the JFROG_URL (or XRAY_URL) environment variable, to the JFrog platform URL, for example https://acme.jfrog.io.")
	} else if _, err := xray.ParseBaseURL(rawURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid Xray URL",
			fmt.Sprintf("The url must be the JFrog platform URL, for example https://acme.jfrog.io: %s.", err))
	}
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("access_token"), "Missing Xray access token",
			"Set access_token in the provider block, or the JFROG_ACCESS_TOKEN (or XRAY_ACCESS_TOKEN) environment variable, to an access token of an Xray admin.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := xray.NewClient(xray.Config{
		URL:         rawURL,
		AccessToken: token,
		UserAgent:   userAgent(p.version, req.TerraformVersion),
		Logger:      tflogAdapter{},
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Xray API client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Xray client", map[string]any{"xray_url": rawURL})
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *xrayProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newJiraIntegrationResource,
	}
}

func (p *xrayProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newJiraIntegrationDataSource,
		newJiraIntegrationStatusDataSource,
	}
}

// valueOrEnv returns the configured value, or else the first non-empty environment variable.
func valueOrEnv(v types.String, envVars []string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	for _, name := range envVars {
		if s := os.Getenv(name); s != "" {
			return s
		}
	}
	return ""
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-xray/" + version
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
