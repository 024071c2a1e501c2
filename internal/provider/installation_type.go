package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// installationTypeValidator accepts Xray's two installation types. Its message goes beyond the
// generic one-of text because the usual typo is a third kind of Jira ("datacenter", "dc",
// "self-hosted"): Xray files Jira Data Center under "server", which nothing else says.
type installationTypeValidator struct{}

func (installationTypeValidator) Description(_ context.Context) string {
	return `value must be one of: ["cloud" "server"]`
}

func (v installationTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v installationTypeValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if got == "cloud" || got == "server" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value Match", fmt.Sprintf(
		"Attribute %s %s, got: %q. Use \"server\" for Jira Data Center and Jira Server (self-hosted Jira), "+
			"and \"cloud\" for Atlassian Cloud (https://YOUR-SITE.atlassian.net).", req.Path, v.Description(ctx), got))
}
