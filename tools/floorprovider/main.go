// Command floorprovider is the benchmark's floor: a provider with the same provider and
// xray_jira_integration schemas as the real one, on the same framework and served the same way
// (internal/server), whose create, read, update and delete do nothing but wait one request's
// latency, and whose plan waits one more for a planned create, as the real provider checks a
// planned create against Xray (once per create where Terraform hands the apply's second plan the
// first one's private data, as the real provider does). It talks to no server. Its times are what any plugin provider
// with this schema would need at best, so the benchmark's targets are ratios to them.
//
// The harness builds it with the release flags and installs it under the real provider's name
// in a dev_overrides directory of its own, so the same configuration runs against either binary.
// The latency comes from XRAY_BENCH_FLOOR_LATENCY (a Go duration; none when unset).
//
// With XRAY_BENCH_FLOOR_HTTP set to a fake Xray's URL and admin token ("URL TOKEN"), each wait
// is instead one plain net/http GET of that server's version, which the fake answers after its
// own latency: the HTTP floor, what a provider that makes the same requests and nothing else
// costs. It is a diagnostic beside the floor, not a target.
//
// With XRAY_BENCH_FLOOR_RETRIES set, the creates it names are retried as the real provider
// retries a create that meets faults: "name:wait,wait name:wait" lists, per connection_name, the
// wait before each retry (a Go duration), and each retry waits that long and then one more
// request. That is the retry floor of the harness's faults phase: the least an apply that meets
// those faults and honours those waits can take.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	xrayprovider "github.com/platformkit/terraform-provider-xray/internal/provider"
	"github.com/platformkit/terraform-provider-xray/internal/replan"
	"github.com/platformkit/terraform-provider-xray/internal/server"
)

// EnvLatency names the variable that sets the wait per request.
const EnvLatency = "XRAY_BENCH_FLOOR_LATENCY"

// EnvHTTP names the variable that makes each wait a GET: "URL TOKEN" of a fake Xray.
const EnvHTTP = "XRAY_BENCH_FLOOR_HTTP"

// EnvNoCheck, set to 1, stands the floor in for a provider without the plan-time check (the real
// one with skip_name_check): ModifyPlan does not wait.
const EnvNoCheck = "XRAY_BENCH_FLOOR_NO_CHECK"

// EnvRetries names the variable that lists the retries of named creates (see the package
// comment).
const EnvRetries = "XRAY_BENCH_FLOOR_RETRIES"

// planCheck is false with EnvNoCheck=1.
var planCheck = true

// retries holds, per connection_name, the waits before each retry of its create (EnvRetries).
var retries map[string][]time.Duration

func main() {
	latency, err := parseLatency(os.Getenv(EnvLatency))
	if err != nil {
		log.Fatal(err)
	}
	planCheck = os.Getenv(EnvNoCheck) != "1"
	if retries, err = parseRetries(os.Getenv(EnvRetries)); err != nil {
		log.Fatal(err)
	}
	if target := os.Getenv(EnvHTTP); target != "" {
		url, token, _ := strings.Cut(target, " ")
		httpWait = &versionGet{url: strings.TrimSuffix(url, "/") + "/xray/api/v1/system/version", token: token, client: &http.Client{
			Transport: &http.Transport{MaxIdleConnsPerHost: 32}, // one connection per parallel operation
		}}
	}
	if err := server.Serve(xrayprovider.Address, newProvider(latency), false); err != nil {
		log.Fatal(err)
	}
}

func parseLatency(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q: want a non-negative Go duration", EnvLatency, s)
	}
	return d, nil
}

// parseRetries reads EnvRetries: space-separated "name:wait,wait" entries.
func parseRetries(s string) (map[string][]time.Duration, error) {
	out := map[string][]time.Duration{}
	for _, entry := range strings.Fields(s) {
		name, list, ok := strings.Cut(entry, ":")
		if !ok || name == "" || list == "" {
			return nil, fmt.Errorf("%s: %q is not name:wait,wait", EnvRetries, entry)
		}
		for _, w := range strings.Split(list, ",") {
			d, err := time.ParseDuration(w)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("%s: %q: %q is not a non-negative Go duration", EnvRetries, entry, w)
			}
			out[name] = append(out[name], d)
		}
	}
	return out, nil
}

var (
	_ provider.Provider                     = (*floorProvider)(nil)
	_ resource.ResourceWithConfigValidators = (*floorResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*floorResource)(nil)
	_ resource.ResourceWithImportState      = (*floorResource)(nil)
	_ resource.ResourceWithIdentity         = (*floorResource)(nil)
)

func newProvider(latency time.Duration) func() provider.Provider {
	return func() provider.Provider {
		return &floorProvider{real: xrayprovider.New("floor")(), latency: latency}
	}
}

// floorProvider takes its metadata and schema from the real provider and configures nothing.
type floorProvider struct {
	real    provider.Provider
	latency time.Duration
}

func (p *floorProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.real.Metadata(ctx, req, resp)
}

func (p *floorProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.real.Schema(ctx, req, resp)
}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// Resources is the real provider's xray_jira_integration wrapped in floorResource.
func (p *floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	var typeName provider.MetadataResponse
	p.real.Metadata(ctx, provider.MetadataRequest{}, &typeName)
	var out []func() resource.Resource
	for _, newReal := range p.real.Resources(ctx) {
		var md resource.MetadataResponse
		newReal().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: typeName.TypeName}, &md)
		if md.TypeName != typeName.TypeName+"_jira_integration" {
			continue
		}
		out = append(out, func() resource.Resource { return &floorResource{real: newReal(), latency: p.latency} })
	}
	return out
}

// floorResource has the real resource's metadata, schema and configuration validators; each
// CRUD method waits one latency and then stores the plan.
type floorResource struct {
	real    resource.Resource
	latency time.Duration
}

func (r *floorResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

// IdentitySchema is the real resource's, so the identity data that Terraform and the provider
// exchange on every call is the same size for both.
func (r *floorResource) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	if id, ok := r.real.(resource.ResourceWithIdentity); ok {
		id.IdentitySchema(ctx, req, resp)
	}
}

// setIdentity records the identity as the real provider does after create and update.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, name types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root("connection_name"), name)
}

func (r *floorResource) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.real.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

// checkedKey marks, in a planned create's private data, that its plan waited: what the real
// provider records when its check finds a name free.
const checkedKey = "xray_free"

// ModifyPlan waits for a planned create only: that is where the real provider asks Xray whether
// the name is taken. `terraform apply` plans each create twice (in the plan, and again just
// before applying it). Like the real provider, the floor marks the first plan's private data and
// does not wait in the second plan when Terraform hands that data back (Terraform 1.16 and later,
// internal/replan), so it waits as many times per resource as the real provider asks. A create's
// first plan always leaves its mark there, so any planned private data means it was checked.
func (r *floorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !planCheck || !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || replan.PlannedPrivate(ctx) != nil {
		return
	}
	r.wait(ctx)
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, checkedKey, []byte(strconv.Quote(name.ValueString())))...)
}

// Create waits one request, and for a create that EnvRetries names, each retry's wait and
// request after it.
func (r *floorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	r.wait(ctx)
	for _, w := range retries[name.ValueString()] {
		sleep(ctx, w)
		r.wait(ctx)
	}
	resp.State.Raw = req.Plan.Raw
	// id is the one computed attribute without a default: the real provider sets it to the name.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
}

func (r *floorResource) Read(ctx context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	r.wait(ctx)
}

func (r *floorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.wait(ctx)
	resp.State.Raw = req.Plan.Raw
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
}

func (r *floorResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	r.wait(ctx)
}

func (r *floorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("connection_name"), path.Root("connection_name"), req, resp)
	var name types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
}

// httpWait, when set, makes every wait a GET (EnvHTTP).
var httpWait *versionGet

// versionGet is one plain GET of a fake Xray's version, the body read and dropped.
type versionGet struct {
	url, token string
	client     *http.Client
}

func (g *versionGet) do(ctx context.Context) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.url, nil)
	if err != nil {
		return
	}
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := g.client.Do(req)
	if err != nil {
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// wait stands for one request's round trip.
func (r *floorResource) wait(ctx context.Context) {
	if httpWait != nil {
		httpWait.do(ctx)
		return
	}
	sleep(ctx, r.latency)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
