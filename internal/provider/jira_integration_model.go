package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// jiraIntegrationModel is one xray_jira_integration: its configuration, plan or state.
//
// It converts itself to and from Terraform's values (load, value) rather than through the
// framework's Get and Set of a struct, which find the fields by reflection and compile a regular
// expression for every field on every call (terraform-plugin-framework v1.19). For this resource
// that reflection cost more CPU than the HTTP request of a refresh. The tfsdk tags stay: they
// name each field's attribute, and TestModelConvertsAsTheFrameworkDoes holds load and value to
// the framework's own conversion through them.
type jiraIntegrationModel struct {
	ID                types.String `tfsdk:"id"`
	ConnectionName    types.String `tfsdk:"connection_name"`
	AuthType          types.String `tfsdk:"auth_type"`
	Username          types.String `tfsdk:"username"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	InstallationType  types.String `tfsdk:"installation_type"`
	JiraServerURL     types.String `tfsdk:"jira_server_url"`
	SkipProxy         types.Bool   `tfsdk:"skip_proxy"`
}

// attributes maps each attribute's name to the model's value of it.
func (m *jiraIntegrationModel) attributes() map[string]attr.Value {
	return map[string]attr.Value{
		"id": m.ID, "connection_name": m.ConnectionName, "auth_type": m.AuthType, "username": m.Username,
		"password": m.Password, "password_wo": m.PasswordWO, "password_wo_version": m.PasswordWOVersion,
		"installation_type": m.InstallationType, "jira_server_url": m.JiraServerURL, "skip_proxy": m.SkipProxy,
	}
}

// load reads a known, non-null object value (req.Config.Raw, req.Plan.Raw, req.State.Raw) into m.
func (m *jiraIntegrationModel) load(ctx context.Context, raw tftypes.Value) diag.Diagnostics {
	var attrs map[string]tftypes.Value
	err := raw.As(&attrs)
	if err == nil {
		err = errors.Join(
			loadAttribute(ctx, attrs, "id", &m.ID),
			loadAttribute(ctx, attrs, "connection_name", &m.ConnectionName),
			loadAttribute(ctx, attrs, "auth_type", &m.AuthType),
			loadAttribute(ctx, attrs, "username", &m.Username),
			loadAttribute(ctx, attrs, "password", &m.Password),
			loadAttribute(ctx, attrs, "password_wo", &m.PasswordWO),
			loadAttribute(ctx, attrs, "password_wo_version", &m.PasswordWOVersion),
			loadAttribute(ctx, attrs, "installation_type", &m.InstallationType),
			loadAttribute(ctx, attrs, "jira_server_url", &m.JiraServerURL),
			loadAttribute(ctx, attrs, "skip_proxy", &m.SkipProxy),
		)
	}
	if err != nil {
		return conversionError("reading", err)
	}
	return nil
}

// loadAttribute sets *dst from the attribute name of attrs, with the conversion of dst's own type.
func loadAttribute[T interface {
	attr.Value
	Type(context.Context) attr.Type
}](ctx context.Context, attrs map[string]tftypes.Value, name string, dst *T) error {
	raw, ok := attrs[name]
	if !ok {
		return fmt.Errorf("the value has no attribute %q", name)
	}
	v, err := (*dst).Type(ctx).ValueFromTerraform(ctx, raw)
	if err != nil {
		return fmt.Errorf("attribute %q: %w", name, err)
	}
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("attribute %q: got a %T", name, v)
	}
	*dst = t
	return nil
}

// stringAttribute is the attribute name of raw, an object value such as a state or an identity,
// when raw and the attribute are known and not null: a read of one attribute that costs neither
// load's conversion of every attribute nor the framework's look-up by path.
func stringAttribute(raw tftypes.Value, name string) (string, bool) {
	if !raw.IsKnown() || raw.IsNull() {
		return "", false
	}
	var attrs map[string]tftypes.Value
	if raw.As(&attrs) != nil {
		return "", false
	}
	v, ok := attrs[name]
	var s string
	if !ok || !v.IsKnown() || v.IsNull() || v.As(&s) != nil {
		return "", false
	}
	return s, true
}

// value is m as an object value of typ, the resource's schema type.
func (m *jiraIntegrationModel) value(ctx context.Context, typ tftypes.Type) (tftypes.Value, error) {
	fields := m.attributes()
	attrs := make(map[string]tftypes.Value, len(fields))
	for name, v := range fields {
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("attribute %q: %w", name, err)
		}
		attrs[name] = tv
	}
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(typ, attrs), nil
}

func conversionError(doing string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Value conversion error",
		fmt.Sprintf("An unexpected error occurred %s the xray_jira_integration value. This is a bug in the provider; "+
			"please report it with this message: %v", doing, err))
	return diags
}

// secretFrom picks the password to send on create: the stored one, or the write-only one,
// which only the configuration holds.
func secretFrom(plan, config jiraIntegrationModel) string {
	if !config.PasswordWO.IsNull() {
		return config.PasswordWO.ValueString()
	}
	return plan.Password.ValueString()
}

func (m jiraIntegrationModel) toAPI(password string) xray.JiraIntegration {
	return xray.JiraIntegration{
		ConnectionName:   m.ConnectionName.ValueString(),
		AuthType:         m.AuthType.ValueString(),
		Username:         m.Username.ValueString(),
		Password:         password,
		InstallationType: m.InstallationType.ValueString(),
		JiraServerURL:    m.JiraServerURL.ValueString(),
		SkipProxy:        m.SkipProxy.ValueBool(),
	}
}

// save writes the model, whose ID is its connection_name, to the state, and the identity.
func (m jiraIntegrationModel) save(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	m.ID = m.ConnectionName
	typ := state.Raw.Type() // the framework hands every response a typed state, if only a null one
	if typ == nil {
		typ = state.Schema.Type().TerraformType(ctx)
	}
	v, err := m.value(ctx, typ)
	if err != nil {
		return conversionError("writing", err)
	}
	// value has checked v against typ, the state's own type; the framework's Set would check
	// it again against a type it builds afresh from the schema on every call.
	state.Raw = v
	return setIdentity(ctx, identity, m.ConnectionName)
}

// fromAPI copies what Xray returns into the model, so drift in any returned field shows in the
// plan. The password fields are left as they are: Xray never returns them. A jira_server_url
// that Xray spells differently but that names the same place keeps the model's spelling, so an
// equivalent answer is no drift.
func (m *jiraIntegrationModel) fromAPI(in *xray.JiraIntegration) {
	if !equivalentURLs(m.JiraServerURL.ValueString(), in.JiraServerURL) {
		m.JiraServerURL = types.StringValue(in.JiraServerURL)
	}
	m.ConnectionName = types.StringValue(in.ConnectionName)
	m.AuthType = types.StringValue(in.AuthType)
	m.Username = types.StringValue(in.Username)
	m.InstallationType = types.StringValue(in.InstallationType)
	m.SkipProxy = types.BoolValue(in.SkipProxy)
}
