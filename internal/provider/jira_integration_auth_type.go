package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// Xray's API accepts only auth_type "basic" in a create or an update, while a read may return
// "oauth1" or "oauth2" for an integration made in the UI. Two rules follow:
//
//   - an update that does not change auth_type leaves it out of the body (Update), so an imported
//     OAuth integration whose other fields change is not refused for an auth_type it already has;
//   - a plan that would change auth_type to an OAuth type fails here, at plan time, rather than
//     passing and then failing every apply (authTypeChangeNeedsBasic).
//
// A change from OAuth to "basic" is sent: the API accepts "basic".

// authTypeChangeNeedsBasic fails a plan that changes an existing integration's auth_type to
// anything but "basic".
type authTypeChangeNeedsBasic struct{}

func (authTypeChangeNeedsBasic) Description(context.Context) string {
	return "an existing integration's auth_type can only change to basic"
}

func (m authTypeChangeNeedsBasic) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (authTypeChangeNeedsBasic) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.PlanValue.IsUnknown() || req.StateValue.IsNull() {
		return // a create (checked in ModifyPlan), a destroy, or nothing known to compare
	}
	planned, current := req.PlanValue.ValueString(), req.StateValue.ValueString()
	if planned == current || planned == "basic" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Xray's API cannot make an integration OAuth",
		fmt.Sprintf("This plan changes auth_type from %q to %q, but Xray's API sets auth_type \"basic\" only; OAuth integrations are "+
			"set up in the Xray UI. Keep auth_type = %q (an update that leaves auth_type unchanged does not send it), "+
			"or set up OAuth in the UI and then set auth_type to match.", current, planned, current))
}
