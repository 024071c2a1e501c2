package main

import (
	"context"
	"encoding/json"
	"errors"
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

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
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

// floorSteps runs the floor resource's five steps for one integration, as Terraform calls them: the
// plan of its create, the create, a read, an update of its username, and the delete.
func floorSteps(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	r := newProvider(0)().Resources(ctx)[0]()
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	typ := sch.Schema.Type().TerraformType(ctx)
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("the resource's type is %T", typ)
	}
	value := func(username string) tftypes.Value {
		attrs := map[string]tftypes.Value{}
		for a, at := range obj.AttributeTypes {
			attrs[a] = tftypes.NewValue(at, nil)
		}
		for a, v := range map[string]string{"connection_name": name, "id": name, "auth_type": "basic", "username": username,
			"password": "floor-password", "installation_type": "cloud", "jira_server_url": "https://floor.atlassian.net"} {
			attrs[a] = tftypes.NewValue(tftypes.String, v)
		}
		attrs["skip_proxy"] = tftypes.NewValue(tftypes.Bool, false)
		return tftypes.NewValue(typ, attrs)
	}
	created, updated := value("floor@example.com"), value("changed@example.com")
	null := tftypes.NewValue(typ, nil)
	// The framework hands ModifyPlan private data of its own making, which a test cannot make,
	// so the plan's mark of a checked create fails here; its request is what is tested.
	plan := resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: sch.Schema, Raw: created}}
	planner, ok := r.(resource.ResourceWithModifyPlan)
	if !ok {
		t.Fatal("the floor's resource does not plan")
	}
	planner.ModifyPlan(ctx, resource.ModifyPlanRequest{
		State: tfsdk.State{Schema: sch.Schema, Raw: null}, Plan: tfsdk.Plan{Schema: sch.Schema, Raw: created},
	}, &plan)
	create := resource.CreateResponse{State: tfsdk.State{Schema: sch.Schema}}
	r.Create(ctx, resource.CreateRequest{Plan: tfsdk.Plan{Schema: sch.Schema, Raw: created}}, &create)
	r.Read(ctx, resource.ReadRequest{State: tfsdk.State{Schema: sch.Schema, Raw: created}}, &resource.ReadResponse{})
	update := resource.UpdateResponse{State: tfsdk.State{Schema: sch.Schema}}
	r.Update(ctx, resource.UpdateRequest{Plan: tfsdk.Plan{Schema: sch.Schema, Raw: updated}}, &update)
	r.Delete(ctx, resource.DeleteRequest{State: tfsdk.State{Schema: sch.Schema, Raw: updated}}, &resource.DeleteResponse{})
	for _, d := range append(create.Diagnostics, update.Diagnostics...) {
		t.Errorf("%s: %s", d.Summary(), d.Detail())
	}
}

// The HTTP floor sends, for each step, the request the provider sends for it on a server that
// serves the path style observed on live servers, with the admin token, and the fake Xray (written
// from the API description) answers each as the provider's: the check of a new name not found,
// the create stored with the plan's values, the read and the update found, the delete done.
func TestHTTPFloorSendsTheProvidersRequests(t *testing.T) {
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourObserved))
	api = &apiClient{base: fake.URL(), token: fake.AdminToken(), client: &http.Client{}}
	defer func() { api = nil }()
	floorSteps(t, "floor-1")
	var got []string
	for _, r := range fake.Requests() {
		answer := fmt.Sprint(r.Status)
		if r.Status >= 200 && r.Status < 300 {
			answer = "2xx"
		}
		got = append(got, r.Pattern+" "+answer)
		if r.Pattern == fakexray.PatternCreate {
			var body map[string]any
			_ = json.Unmarshal([]byte(r.Body), &body)
			want := map[string]any{"connection_name": "floor-1", "auth_type": "basic", "username": "floor@example.com",
				"password": "floor-password", "installation_type": "cloud", "jira_server_url": "https://floor.atlassian.net", "skip_proxy": false}
			if !reflect.DeepEqual(body, want) {
				t.Errorf("the create sent %s, want the plan's values %v", r.Body, want)
			}
		}
	}
	want := []string{
		fakexray.PatternReadByName + " 404", fakexray.PatternCreate + " 2xx", fakexray.PatternReadByName + " 2xx",
		fakexray.PatternUpdateByBody + " 2xx", fakexray.PatternDelete + " 2xx",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the fake answered %q, want %q", got, want)
	}
	if left := fake.Integrations(); len(left) != 0 {
		t.Errorf("the delete left %+v", left)
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

// createNamed runs the floor resource's Create for a plan that names only the integration.
func createNamed(t *testing.T, name string) resource.CreateResponse {
	t.Helper()
	ctx := context.Background()
	r := newProvider(0)().Resources(ctx)[0]()
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	plan := tfsdk.Plan{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
	if d := plan.SetAttribute(ctx, path.Root("connection_name"), name); d.HasError() {
		t.Fatal(d)
	}
	resp := resource.CreateResponse{State: tfsdk.State{Schema: sch.Schema}}
	r.Create(ctx, resource.CreateRequest{Plan: plan}, &resp)
	return resp
}

// A create that the retries name waits one request more per retry; others wait one.
func TestCreateWaitsForEachRetry(t *testing.T) {
	gets := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets++
		_, _ = io.WriteString(w, `{"xray_version":"3.130.0"}`)
	}))
	defer srv.Close()
	api = &apiClient{base: srv.URL, client: srv.Client()}
	retries = map[string][]time.Duration{"bench-1": {time.Millisecond, 0}}
	defer func() { api, retries = nil, nil }()

	for name, want := range map[string]int{"bench-1": 3, "bench-2": 1} {
		gets = 0
		resp := createNamed(t, name)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		if gets != want {
			t.Errorf("create of %s sent %d requests, want %d", name, gets, want)
		}
	}
}

// An HTTP floor request that gets no answer fails its step, so that the benchmark stops rather
// than timing a failure as a round trip.
func TestHTTPFloorFailsARequestWithoutAnAnswer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens: every request fails to connect
	api = &apiClient{base: srv.URL, client: &http.Client{Timeout: time.Second}}
	defer func() { api = nil }()

	resp := createNamed(t, "bench-1")
	if !resp.Diagnostics.HasError() || resp.Diagnostics.Errors()[0].Summary() != "The HTTP floor's request got no answer" {
		t.Errorf("a create whose request got no answer: %v, want the floor's error", resp.Diagnostics)
	}
}

// failingTransport answers no request, counting them.
type failingTransport struct{ sent int }

func (f *failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	f.sent++
	return nil, errors.New("no answer")
}

// A create whose request got no answer sends no retry: each could wait a whole timeout.
func TestHTTPFloorRetriesNothingAfterAFailedRequest(t *testing.T) {
	tr := &failingTransport{}
	api = &apiClient{base: "http://127.0.0.1:1", client: &http.Client{Transport: tr}}
	retries = map[string][]time.Duration{"bench-1": {0, 0}}
	defer func() { api, retries = nil, nil }()

	resp := createNamed(t, "bench-1")
	if tr.sent != 1 || resp.Diagnostics.ErrorsCount() != 1 {
		t.Errorf("a create whose first request got no answer sent %d requests and reported %d errors, want 1 and 1", tr.sent, resp.Diagnostics.ErrorsCount())
	}
}
