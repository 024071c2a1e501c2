// Package jfrogstandin is a test-only stand-in for JFrog's released jfrog/xray provider: a tiny
// terraform-plugin-framework provider whose type name is "xray" and whose one resource,
// xray_watch, manages a watch the way released jfrog/xray does, in particular by sending a PUT
// body without the ticketing fields (create_ticket_enabled, ticket_profile, ticket_generation),
// which clears them on Xray. Tests use it to show how xray_watch_jira_ticketing lives beside
// jfrog/xray's watches. It is not a provider for users, and nothing outside tests imports it.
package jfrogstandin

import (
	"context"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ provider.Provider = (*standinProvider)(nil)

// New returns the stand-in's constructor, as providerserver and acceptance tests want it.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &standinProvider{version: version} }
}

type standinProvider struct{ version string }

type providerModel struct {
	URL         types.String `tfsdk:"url"`
	AccessToken types.String `tfsdk:"access_token"`
}

// apiClient is what resources receive: the platform URL, the token and an HTTP client.
type apiClient struct {
	url, token string
	http       *http.Client
}

func (p *standinProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "xray"
	resp.Version = p.version
}

func (p *standinProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Test-only stand-in for the released jfrog/xray provider.",
		Attributes: map[string]schema.Attribute{
			"url":          schema.StringAttribute{Optional: true, MarkdownDescription: "Platform URL (else `JFROG_URL`)."},
			"access_token": schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "Access token (else `JFROG_ACCESS_TOKEN`)."},
		},
	}
}

func (p *standinProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := &apiClient{url: os.Getenv("JFROG_URL"), token: os.Getenv("JFROG_ACCESS_TOKEN"), http: &http.Client{Timeout: 30 * time.Second}}
	if v := cfg.URL.ValueString(); v != "" {
		c.url = v
	}
	if v := cfg.AccessToken.ValueString(); v != "" {
		c.token = v
	}
	c.url = strings.TrimRight(c.url, "/")
	if c.url == "" || c.token == "" {
		resp.Diagnostics.AddError("Missing url or access_token", "Set url and access_token, or JFROG_URL and JFROG_ACCESS_TOKEN.")
		return
	}
	resp.ResourceData = c
}

func (p *standinProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newWatchResource}
}

func (p *standinProvider) DataSources(_ context.Context) []func() datasource.DataSource { return nil }

// Address is the source address the stand-in's binary serves: a local one, so that a test's
// configuration (required_providers, dev_overrides) can never reach JFrog's real provider.
const Address = "local.test/jfrogstandin/xray"
