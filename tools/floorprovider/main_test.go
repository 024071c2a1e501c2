package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	xrayprovider "github.com/platformkit/terraform-provider-xray/internal/provider"
)

// The floor is only a floor while its resource has the real one's schema.
func TestFloorResourceHasTheRealSchema(t *testing.T) {
	ctx := context.Background()
	floor := newProvider(0)()
	resources := floor.Resources(ctx)
	if len(resources) != 1 {
		t.Fatalf("the floor provider has %d resources, want xray_jira_integration alone", len(resources))
	}
	var md resource.MetadataResponse
	resources[0]().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "xray"}, &md)
	if md.TypeName != "xray_jira_integration" {
		t.Fatalf("the floor's resource is %q", md.TypeName)
	}
	var got, want resource.SchemaResponse
	resources[0]().Schema(ctx, resource.SchemaRequest{}, &got)
	for _, newReal := range xrayprovider.New("test")().Resources(ctx) {
		var m resource.MetadataResponse
		r := newReal()
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "xray"}, &m)
		if m.TypeName == md.TypeName {
			r.Schema(ctx, resource.SchemaRequest{}, &want)
		}
	}
	// Validators and plan modifiers hold functions, which reflect.DeepEqual never finds equal,
	// so compare what Terraform sees of each attribute.
	describe := func(s resource.SchemaResponse) map[string]string {
		out := map[string]string{}
		for name, a := range s.Schema.Attributes {
			out[name] = fmt.Sprintf("%s required=%v optional=%v computed=%v sensitive=%v writeonly=%v validators=%d",
				a.GetType(), a.IsRequired(), a.IsOptional(), a.IsComputed(), a.IsSensitive(), a.IsWriteOnly(), validatorCount(a))
		}
		return out
	}
	if g, w := describe(got), describe(want); len(w) == 0 || !reflect.DeepEqual(g, w) {
		t.Errorf("the floor's resource schema differs from the real resource's:\n%v\n%v", g, w)
	}
}

// The floor exchanges the same identity data with Terraform as the real resource does.
func TestFloorResourceHasTheRealIdentity(t *testing.T) {
	ctx := context.Background()
	floor, ok := newProvider(0)().Resources(ctx)[0]().(resource.ResourceWithIdentity)
	if !ok {
		t.Fatal("the floor's resource has no identity")
	}
	var got, want resource.IdentitySchemaResponse
	floor.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &got)
	for _, newReal := range xrayprovider.New("test")().Resources(ctx) {
		var meta resource.MetadataResponse
		r := newReal()
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "xray"}, &meta)
		if ri, ok := r.(resource.ResourceWithIdentity); ok && meta.TypeName == "xray_jira_integration" {
			ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &want)
		}
	}
	if len(want.IdentitySchema.Attributes) == 0 || !reflect.DeepEqual(got.IdentitySchema, want.IdentitySchema) {
		t.Errorf("the floor's identity schema %v differs from the real one's %v", got.IdentitySchema, want.IdentitySchema)
	}
}

func TestParseLatency(t *testing.T) {
	if d, err := parseLatency(""); d != 0 || err != nil {
		t.Errorf(`parseLatency("") = %v, %v`, d, err)
	}
	if d, err := parseLatency("200ms"); d != 200*time.Millisecond || err != nil {
		t.Errorf(`parseLatency("200ms") = %v, %v`, d, err)
	}
	for _, bad := range []string{"fast", "-1s"} {
		if _, err := parseLatency(bad); err == nil {
			t.Errorf("parseLatency(%q) accepted", bad)
		}
	}
}

// validatorCount counts an attribute's validators, whatever its type.
func validatorCount(a any) int {
	v := reflect.ValueOf(a).FieldByName("Validators")
	if !v.IsValid() {
		return 0
	}
	return v.Len()
}

// The HTTP floor's wait is one GET of the server's version with the admin token.
func TestHTTPWaitGetsTheVersion(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		_, _ = io.WriteString(w, `{"xray_version":"3.130.0"}`)
	}))
	defer srv.Close()
	httpWait = &versionGet{url: srv.URL + "/xray/api/v1/system/version", token: "t0ken", client: srv.Client()}
	defer func() { httpWait = nil }()
	(&floorResource{latency: time.Hour}).wait(context.Background())
	if want := []string{"GET /xray/api/v1/system/version Bearer t0ken"}; !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
}

func TestParseRetries(t *testing.T) {
	got, err := parseRetries(" bench-1:1s,150ms  bench-7:300ms ")
	want := map[string][]time.Duration{"bench-1": {time.Second, 150 * time.Millisecond}, "bench-7": {300 * time.Millisecond}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("parseRetries = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"bench-1", "bench-1:", ":1s", "bench-1:1s,soon", "bench-1:-1s"} {
		if _, err := parseRetries(bad); err == nil {
			t.Errorf("parseRetries(%q) accepted", bad)
		}
	}
}

// A create that the retries name waits one request more per retry; others wait one.
func TestCreateWaitsForEachRetry(t *testing.T) {
	gets := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets++
		_, _ = io.WriteString(w, `{"xray_version":"3.130.0"}`)
	}))
	defer srv.Close()
	httpWait = &versionGet{url: srv.URL, client: srv.Client()}
	retries = map[string][]time.Duration{"bench-1": {time.Millisecond, 0}}
	defer func() { httpWait, retries = nil, nil }()

	ctx := context.Background()
	r := newProvider(0)().Resources(ctx)[0]()
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	for name, want := range map[string]int{"bench-1": 3, "bench-2": 1} {
		gets = 0
		plan := tfsdk.Plan{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
		if d := plan.SetAttribute(ctx, path.Root("connection_name"), name); d.HasError() {
			t.Fatal(d)
		}
		resp := resource.CreateResponse{State: tfsdk.State{Schema: sch.Schema}}
		r.Create(ctx, resource.CreateRequest{Plan: plan}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		if gets != want {
			t.Errorf("create of %s sent %d requests, want %d", name, gets, want)
		}
	}
}
