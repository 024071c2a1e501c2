// Package provider implements the Terraform provider for JFrog Xray's Jira integrations.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
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

// The environment variables read when the provider block leaves an argument out (see
// precedence). They are the names JFrog's own Xray provider uses, so users can switch providers
// without new variables.
var (
	urlEnvVars   = envVarsOf("platform URL")
	tokenEnvVars = envVarsOf("access token")
)

var (
	_ provider.Provider                     = (*xrayProvider)(nil)
	_ provider.ProviderWithConfigValidators = (*xrayProvider)(nil)
	_ provider.ProviderWithActions          = (*xrayProvider)(nil)
)

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

	OIDCProviderName     types.String `tfsdk:"oidc_provider_name"`
	TFCCredentialTagName types.String `tfsdk:"tfc_credential_tag_name"`
	OIDCAudience         types.String `tfsdk:"oidc_audience"`
	OIDCToken            types.String `tfsdk:"oidc_token"`

	CACertPEM                types.String `tfsdk:"ca_cert_pem"`
	CACertPath               types.String `tfsdk:"ca_cert_path"`
	ClientCertificatePath    types.String `tfsdk:"client_certificate_path"`
	ClientCertificateKeyPath types.String `tfsdk:"client_certificate_key_path"`
	ClientCertificatePEM     types.String `tfsdk:"client_certificate_pem"`
	ClientPrivateKeyPEM      types.String `tfsdk:"client_private_key_pem"`

	SkipNameCheck types.Bool `tfsdk:"skip_name_check"`
}

// values lists every attribute with its name, for the unknown-value check.
func (m providerModel) values() map[string]types.String {
	return map[string]types.String{
		"url": m.URL, "access_token": m.AccessToken,
		"oidc_provider_name": m.OIDCProviderName, "tfc_credential_tag_name": m.TFCCredentialTagName,
		"oidc_audience": m.OIDCAudience, "oidc_token": m.OIDCToken,
		"ca_cert_pem": m.CACertPEM, "ca_cert_path": m.CACertPath,
		"client_certificate_path": m.ClientCertificatePath, "client_certificate_key_path": m.ClientCertificateKeyPath,
		"client_certificate_pem": m.ClientCertificatePEM, "client_private_key_pem": m.ClientPrivateKeyPEM,
	}
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
					"Defaults to the `JFROG_URL` environment variable, then `XRAY_URL`. An `http://` URL on a host other than " +
					"loopback (`127.0.0.0/8`, `::1`, `localhost`) sends the access token in clear: it works, with a warning naming where the URL came from.",
				Optional: true,
			},
			"skip_name_check": schema.BoolAttribute{
				MarkdownDescription: "Skip the plan-time check that a new integration's `connection_name` is free in Xray. " +
					"That check costs one request per planned create in each plan walk, which adds up in a bulk create on a slow link " +
					"(OpenTofu plans each create twice in an apply). With it skipped, a plan makes no request for a create, and a name " +
					"that is taken still fails at create, changing nothing in Xray, with the `import` block to adopt it; what is lost is " +
					"only the early failure in the plan (and the plan's check of the token). Defaults to the `" + skipNameCheckEnvVar +
					"` environment variable (`true` or `false`), then `false`.",
				Optional: true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "An access token of an Xray admin, sent as a bearer token. It wins over OIDC. " +
					"When neither this nor `oidc_provider_name` is set, the `JFROG_ACCESS_TOKEN` environment variable, then `XRAY_ACCESS_TOKEN`. " +
					"An empty string counts as unset, so a variable that defaults to `\"\"` leaves the choice to OIDC or the environment. " +
					"Prefer the environment variable over writing the token in configuration.",
				Optional:  true,
				Sensitive: true,
			},
		},
	}
	for name, attr := range oidcAttributes() {
		resp.Schema.Attributes[name] = attr
	}
	for name, attr := range tlsAttributes() {
		resp.Schema.Attributes[name] = attr
	}
}

func (p *xrayProvider) ConfigValidators(_ context.Context) []provider.ConfigValidator {
	return append(tlsConfigValidators(), oidcConfigValidators()...)
}

// Configure builds the API client. Every problem with the URL, token or TLS settings is
// reported here, before any request to Xray is made. With OIDC, the token exchange happens here
// too, once per provider process (see oidcToken for why here and not on first use).
func (p *xrayProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range cfg.values() {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Xray provider configuration is not known yet",
				fmt.Sprintf("The provider's %s depends on a value that is only known after apply. "+
					"Set it from values known at plan time, or from its environment variable.", name))
		}
	}
	if cfg.SkipNameCheck.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("skip_name_check"), "Xray provider configuration is not known yet",
			"The provider's skip_name_check depends on a value that is only known after apply. "+
				"Set it from values known at plan time, or from its environment variable.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	rawURL, urlSource := fromConfigOrEnv(cfg.URL, "url", urlEnvVars)
	if rawURL == "" {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Missing Xray URL",
			"Set url in the provider block, or the JFROG_URL (or XRAY_URL) environment variable, to the JFrog platform URL, for example https://acme.jfrog.io.")
	} else if _, err := xray.ParseBaseURL(rawURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid Xray URL",
			fmt.Sprintf("The platform URL from %s must be the JFrog platform URL, for example https://acme.jfrog.io: %s.", urlSource, err))
	} else {
		warnClearTextURL(rawURL, urlSource, &resp.Diagnostics)
	}
	tlsOpts := tlsOptionsFrom(cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		if !cfg.usesOIDC() {
			// Report a missing token along with the other problems; this needs no request.
			p.accessToken(ctx, cfg, xray.Config{}, &resp.Diagnostics)
		}
		return
	}
	ctx = maskSecrets(ctx, string(tlsOpts.ClientKeyPEM))
	httpClient, err := xray.NewHTTPClient(tlsOpts)
	if err != nil {
		resp.Diagnostics.AddError("Invalid TLS settings", err.Error()+"\n\n"+tlsSettingsHint)
		return
	}

	base := xray.Config{URL: rawURL, URLSource: urlSource, HTTPClient: httpClient, UserAgent: userAgent(p.version, req.TerraformVersion), Logger: clientLogger()}
	token, idTokenSource := p.accessToken(ctx, cfg, base, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskSecrets(ctx, token)
	base.AccessToken = token
	client, err := xray.NewClient(base)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Xray API client", err.Error())
		return
	}
	if cfg.usesOIDC() && !checkExchangedToken(ctx, client, cfg.OIDCProviderName.ValueString(), idTokenSource, &resp.Diagnostics) {
		return
	}
	tflog.Debug(ctx, "Configured the Xray client", map[string]any{"xray_url": rawURL, "xray_url_source": urlSource})
	skip, skipSource := skipNameCheck(cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if skip {
		tflog.Debug(ctx, "The plan-time name check is skipped", map[string]any{"source": skipSource})
	}
	resp.ResourceData = &resourceData{client: client, skipNameCheck: skip}
	resp.DataSourceData = client
	resp.ActionData = client
}

func (p *xrayProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newJiraIntegrationResource,
		newWatchTicketingResource,
	}
}

func (p *xrayProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newJiraIntegrationDataSource,
		newJiraIntegrationStatusDataSource,
	}
}

// Actions are served to every CLI; only Terraform 1.14 and later ask for them (OpenTofu and older
// Terraform releases ignore the action schemas).
func (p *xrayProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		newJiraIntegrationCheckAction,
	}
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-xray/" + version
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
