package jfrogstandin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure   = (*watchResource)(nil)
	_ resource.ResourceWithImportState = (*watchResource)(nil)
)

func newWatchResource() resource.Resource { return &watchResource{} }

// watchResource is xray_watch as released jfrog/xray has it, cut down to what the tests need:
// it sends whole watch bodies that know nothing of ticketing.
type watchResource struct{ client *apiClient }

type watchModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Active      types.Bool   `tfsdk:"active"`
	PolicyName  types.String `tfsdk:"policy_name"`
}

func (r *watchResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_watch"
}

func (r *watchResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Test-only: a watch as released jfrog/xray manages it (no ticketing fields).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The watch's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "The watch's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Description."},
			"active": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the watch is active."},
			"policy_name": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("sec-policy"),
				MarkdownDescription: "The one security policy assigned."},
		},
	}
}

func (r *watchResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*apiClient)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("got %T", req.ProviderData))
		return
	}
	r.client = c
}

// body is the whole watch as released jfrog/xray sends it: general data, resources and
// policies, and no ticketing fields at all.
func (m watchModel) body() map[string]any {
	return map[string]any{
		"general_data": map[string]any{
			"name": m.Name.ValueString(), "description": m.Description.ValueString(), "active": m.Active.ValueBool(),
		},
		"project_resources": map[string]any{"resources": []any{map[string]any{"type": "all-repos", "filters": []any{}}}},
		"assigned_policies": []any{map[string]any{"name": m.PolicyName.ValueString(), "type": "security"}},
	}
}

func (r *watchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m watchModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.client.call(ctx, http.MethodPost, "", m.body()); err != nil {
		resp.Diagnostics.AddError("Unable to create watch", err.Error())
		return
	}
	m.ID = m.Name
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *watchResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m watchModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, err := r.client.call(ctx, http.MethodGet, m.Name.ValueString(), nil)
	if err == errGone {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read watch", err.Error())
		return
	}
	var w struct {
		GeneralData struct {
			Name        string `json:"name"`
			Description string `json:"description"`
			Active      bool   `json:"active"`
		} `json:"general_data"`
		AssignedPolicies []struct {
			Name string `json:"name"`
		} `json:"assigned_policies"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		resp.Diagnostics.AddError("Unable to read watch", err.Error())
		return
	}
	m.ID, m.Name = types.StringValue(w.GeneralData.Name), types.StringValue(w.GeneralData.Name)
	m.Description, m.Active = types.StringValue(w.GeneralData.Description), types.BoolValue(w.GeneralData.Active)
	if len(w.AssignedPolicies) > 0 {
		m.PolicyName = types.StringValue(w.AssignedPolicies[0].Name)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Update is the point of the stand-in: a PUT of the whole watch without the ticketing fields.
func (r *watchResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m watchModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.client.call(ctx, http.MethodPut, m.Name.ValueString(), m.body()); err != nil {
		resp.Diagnostics.AddError("Unable to update watch", err.Error())
		return
	}
	m.ID = m.Name
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *watchResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m watchModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.client.call(ctx, http.MethodDelete, m.Name.ValueString(), nil); err != nil && err != errGone {
		resp.Diagnostics.AddError("Unable to delete watch", err.Error())
	}
}

func (r *watchResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("name"), req, resp)
}

// errGone is a 404 answer: the stand-in, like jfrog/xray, takes any 404 as "gone".
var errGone = fmt.Errorf("watch not found")

// call sends one request to api/v2/watches[/name] and returns the answer's body on a 2xx.
func (c *apiClient) call(ctx context.Context, method, name string, body any) ([]byte, error) {
	u := c.url + "/xray/api/v2/watches"
	if name != "" {
		u += "/" + url.PathEscape(name)
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	switch {
	case res.StatusCode == http.StatusNotFound:
		return nil, errGone
	case res.StatusCode/100 != 2:
		return nil, fmt.Errorf("%s %s: HTTP %d: %s", method, u, res.StatusCode, out)
	}
	return out, nil
}
