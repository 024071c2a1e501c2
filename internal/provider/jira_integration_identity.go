package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.ResourceWithIdentity = (*jiraIntegrationResource)(nil)

// IdentitySchema is the resource identity (Terraform 1.12 and later): an integration is
// identified by its connection_name, so `import { identity = { connection_name = "…" } }` works.
func (r *jiraIntegrationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"connection_name": identityschema.StringAttribute{
				Description:       "The integration's unique name in Xray.",
				RequiredForImport: true,
			},
		},
	}
}

// setIdentity records the identity after create, read and update. The identity is nil when the
// CLI does not support identities, and then there is nothing to record. An identity that already
// names the integration (every refresh after the first) is left as it is; otherwise the one
// attribute is set by its path: a Set of the struct would cost the framework's struct reflection
// (see jiraIntegrationModel) on every call.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, name types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	if namesIntegration(identity.Raw, name) {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root("connection_name"), name)
}

// namesIntegration reports whether raw is an identity whose connection_name is name.
func namesIntegration(raw tftypes.Value, name types.String) bool {
	got, ok := stringAttribute(raw, "connection_name")
	return ok && !name.IsNull() && !name.IsUnknown() && got == name.ValueString()
}

// ImportState takes the connection_name, either as the import ID (terraform import, an import
// block with id) or as the identity (an import block with identity). The password is not known
// after an import (Xray never returns it): the resource documentation says what the next apply does.
func (r *jiraIntegrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("connection_name"), path.Root("connection_name"), req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if diags := validateConnectionName(ctx, path.Root("connection_name"), name.ValueString()); diags.HasError() {
		for _, d := range diags {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID (or identity) is the integration's connection_name, and %q is not a valid one: %s", name.ValueString(), d.Detail()))
		}
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
}
