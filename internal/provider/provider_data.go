package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// resourceData is what the provider's Configure hands the resource: the API client and the
// settings only the resource uses. Data sources and actions get the client alone.
type resourceData struct {
	client        *xray.Client
	skipNameCheck bool
}

// clientFrom takes the API client the provider's Configure made. It is nil before the provider
// is configured (Terraform calls Configure on resources and data sources early, then again).
func clientFrom(providerData any, diags *diag.Diagnostics) *xray.Client {
	if providerData == nil {
		return nil
	}
	if rd, ok := providerData.(*resourceData); ok {
		return rd.client
	}
	client, ok := providerData.(*xray.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			"Expected the Xray API client from the provider's configuration. This is a bug in the provider; please report it.")
		return nil
	}
	return client
}
