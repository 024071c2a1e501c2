package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// connectionNameValidator rejects names the API cannot address: the name is a path segment of
// the read, update and delete URLs, so it may not contain a slash, be "." or ".." (which would
// climb the URL path), or be blank.
func connectionNameValidator() validator.String {
	return stringvalidator.All(
		stringvalidator.LengthBetween(1, 255),
		stringvalidator.RegexMatches(regexp.MustCompile(`^[^/\s](?:[^/]*[^/\s])?$`),
			"must not be blank, start or end with white space, or contain a slash (it is used in Xray's URLs)"),
		stringvalidator.NoneOf(".", ".."),
	)
}

// validateConnectionName runs the attribute's validation on a name that did not come from the
// configuration (an import ID or identity), with the same messages.
func validateConnectionName(ctx context.Context, at path.Path, name string) diag.Diagnostics {
	resp := &validator.StringResponse{}
	connectionNameValidator().ValidateString(ctx, validator.StringRequest{Path: at, ConfigValue: types.StringValue(name)}, resp)
	return resp.Diagnostics
}

// httpURLValidator accepts an absolute http or https URL with a host, which is what Xray needs
// to reach Jira. It checks at plan time so a typo fails before Xray is asked.
type httpURLValidator struct{}

func (httpURLValidator) Description(_ context.Context) string {
	return "value must be an absolute http:// or https:// URL with a host"
}

func (v httpURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v httpURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	var problem string
	switch {
	case err != nil:
		problem = fmt.Sprintf("it cannot be parsed (%v)", err)
	case u.Scheme != "http" && u.Scheme != "https":
		problem = "it must start with https:// or http://"
	case u.Host == "" || u.Hostname() == "":
		problem = "it has no host"
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Jira server URL",
			fmt.Sprintf("Attribute %s %s, got %q: %s.", req.Path, v.Description(context.Background()), raw, problem))
	}
}
