package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The model converts itself rather than through the framework's reflection (see
// jiraIntegrationModel); these hold its conversion to the framework's own, field by field, for
// known, null and unknown values, so that a field added to the model or the schema and not to
// attributes and load fails here.

func resourceSchemaForTest(t *testing.T) resource.SchemaResponse {
	t.Helper()
	var resp resource.SchemaResponse
	newJiraIntegrationResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

func sampleModels() map[string]jiraIntegrationModel {
	return map[string]jiraIntegrationModel{
		"known": {
			ID: types.StringValue("jira-prod"), ConnectionName: types.StringValue("jira-prod"), AuthType: types.StringValue("basic"),
			Username: types.StringValue("bot@example.com"), Password: types.StringValue("s3cret"), PasswordWO: types.StringValue("wo-s3cret"),
			PasswordWOVersion: types.Int64Value(3), InstallationType: types.StringValue("cloud"),
			JiraServerURL: types.StringValue("https://acme.atlassian.net"), SkipProxy: types.BoolValue(true),
		},
		"null": {
			ID: types.StringNull(), ConnectionName: types.StringNull(), AuthType: types.StringNull(), Username: types.StringNull(),
			Password: types.StringNull(), PasswordWO: types.StringNull(), PasswordWOVersion: types.Int64Null(),
			InstallationType: types.StringNull(), JiraServerURL: types.StringNull(), SkipProxy: types.BoolNull(),
		},
		"unknown": {
			ID: types.StringUnknown(), ConnectionName: types.StringUnknown(), AuthType: types.StringUnknown(), Username: types.StringUnknown(),
			Password: types.StringUnknown(), PasswordWO: types.StringUnknown(), PasswordWOVersion: types.Int64Unknown(),
			InstallationType: types.StringUnknown(), JiraServerURL: types.StringUnknown(), SkipProxy: types.BoolUnknown(),
		},
	}
}

func TestModelConvertsAsTheFrameworkDoes(t *testing.T) {
	ctx := context.Background()
	schema := resourceSchemaForTest(t).Schema
	typ := schema.Type().TerraformType(ctx)
	for name, m := range sampleModels() {
		t.Run(name, func(t *testing.T) {
			// Writing: value builds what the framework's Set of the struct builds.
			framework := tfsdk.State{Schema: schema}
			if diags := framework.Set(ctx, &m); diags.HasError() {
				t.Fatal(diags)
			}
			got, err := m.value(ctx, typ)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(framework.Raw) {
				t.Errorf("value = %s\nthe framework's Set = %s", got, framework.Raw)
			}

			// Reading: load reads what the framework's Get into the struct reads.
			var want, loaded jiraIntegrationModel
			if diags := framework.Get(ctx, &want); diags.HasError() {
				t.Fatal(diags)
			}
			if diags := loaded.load(ctx, framework.Raw); diags.HasError() {
				t.Fatal(diags)
			}
			if !reflect.DeepEqual(loaded, want) {
				t.Errorf("load = %+v\nthe framework's Get = %+v", loaded, want)
			}
		})
	}
}

// Every field of the model is one of attributes, under its tfsdk tag, so value writes them all.
func TestModelAttributesNameEveryField(t *testing.T) {
	m := sampleModels()["known"]
	attrs := m.attributes()
	rt := reflect.TypeOf(m)
	if rt.NumField() != len(attrs) {
		t.Errorf("the model has %d fields and attributes names %d", rt.NumField(), len(attrs))
	}
	for i := range rt.NumField() {
		f := rt.Field(i)
		v, ok := attrs[f.Tag.Get("tfsdk")]
		if !ok {
			t.Errorf("field %s (tfsdk:%q) is not in attributes", f.Name, f.Tag.Get("tfsdk"))
			continue
		}
		if !reflect.DeepEqual(v, reflect.ValueOf(m).Field(i).Interface()) {
			t.Errorf("attributes()[%q] = %v, want the field %s", f.Tag.Get("tfsdk"), v, f.Name)
		}
	}
}

// A value that lacks an attribute is a provider bug, reported as an error, not a panic.
func TestModelLoadReportsAMissingAttribute(t *testing.T) {
	onlyID := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
		map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "jira-prod")})
	var m jiraIntegrationModel
	diags := m.load(context.Background(), onlyID)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), `"connection_name"`) {
		t.Errorf("load of a value with only id = %v, want an error naming connection_name", diags)
	}
}
