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
// is instead the request the real provider sends for that step, as one plain net/http request
// to that server, which the fake answers after its own latency (a plan's check and a read GET
// the integration, a create POSTs it, an update PUTs it, a delete DELETEs it): the HTTP floor,
// what a provider that makes the same requests and nothing else costs, the fake's work for each
// of them included. Below 200 ms the benchmark's targets are ratios to it.
//
// With XRAY_BENCH_FLOOR_RETRIES set, the creates it names are retried as the real provider
// retries a create that meets faults: "name:wait,wait name:wait" lists, per connection_name, the
// wait before each retry (a Go duration), and each retry waits that long and then one more
// request. That is the retry floor of the harness's faults phase: the least an apply that meets
// those faults and honours those waits can take.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
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
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	xrayprovider "github.com/platformkit/terraform-provider-xray/internal/provider"
	"github.com/platformkit/terraform-provider-xray/internal/replan"
	"github.com/platformkit/terraform-provider-xray/internal/server"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
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
		api = &apiClient{base: strings.TrimSuffix(url, "/"), token: token, client: &http.Client{
			Transport: &http.Transport{MaxIdleConnsPerHost: 32}, // one connection per parallel operation
			Timeout:   xray.DefaultRequestTimeout,               // the provider's bound on one attempt
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
	in := integrationOf(req.Plan.Raw)
	failed(&resp.Diagnostics, r.wait(ctx, http.MethodGet, one(in.ConnectionName), nil))
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, checkedKey, []byte(strconv.Quote(in.ConnectionName)))...)
}

// Create waits one request, and for a create that EnvRetries names, each retry's wait and
// request after it.
func (r *floorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	in := integrationOf(req.Plan.Raw)
	if failed(&resp.Diagnostics, r.wait(ctx, http.MethodPost, integrationsPath, in)) {
		return
	}
	for _, w := range retries[in.ConnectionName] {
		sleep(ctx, w)
		if failed(&resp.Diagnostics, r.wait(ctx, http.MethodPost, integrationsPath, in)) {
			return // no retry after a request that got no answer: each could wait a whole timeout
		}
	}
	resp.State.Raw = req.Plan.Raw
	// id is the one computed attribute without a default: the real provider sets it to the name.
	name := types.StringValue(in.ConnectionName)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
}

func (r *floorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	failed(&resp.Diagnostics, r.wait(ctx, http.MethodGet, one(integrationOf(req.State.Raw).ConnectionName), nil))
}

func (r *floorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	in := integrationOf(req.Plan.Raw)
	failed(&resp.Diagnostics, r.wait(ctx, http.MethodPut, integrationsPath, in))
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, types.StringValue(in.ConnectionName))...)
}

func (r *floorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	failed(&resp.Diagnostics, r.wait(ctx, http.MethodDelete, one(integrationOf(req.State.Raw).ConnectionName), nil))
}

func (r *floorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("connection_name"), path.Root("connection_name"), req, resp)
	var name types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("connection_name"), &name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
}

// api, when set, makes every wait the provider's request for that step (EnvHTTP).
var api *apiClient

// integrationsPath is Xray's collection of Jira integrations: a create POSTs to it, and an update
// in the path style the fake serves by default PUTs to it with the name in the body.
const integrationsPath = "/xray/api/v1/ticketing/jira-integrations"

// one is the path of one integration, which a check and a read GET and a delete DELETEs.
func one(name string) string { return integrationsPath + "/" + url.PathEscape(name) }

// integrationOf is the body of the provider's create and update (the client's own type) for a plan
// or state value; an attribute that is null or unknown reads as its zero value.
func integrationOf(v tftypes.Value) xray.JiraIntegration {
	var attrs map[string]tftypes.Value
	if v.As(&attrs) != nil {
		return xray.JiraIntegration{}
	}
	str := func(name string) string {
		var s string
		if a, ok := attrs[name]; ok && a.IsKnown() && !a.IsNull() {
			_ = a.As(&s)
		}
		return s
	}
	in := xray.JiraIntegration{ConnectionName: str("connection_name"), AuthType: str("auth_type"), Username: str("username"),
		Password: str("password"), InstallationType: str("installation_type"), JiraServerURL: str("jira_server_url")}
	if a, ok := attrs["skip_proxy"]; ok && a.IsKnown() && !a.IsNull() {
		_ = a.As(&in.SkipProxy)
	}
	return in
}

// apiClient sends plain requests to a fake Xray with its admin token.
type apiClient struct {
	base, token string
	client      *http.Client
}

// send is one request, its answer read and dropped: the HTTP floor does nothing with an answer,
// whatever its status. A request that got no answer is an error: a floor that timed failures
// instead of round trips would be cheaper than any provider.
func (c *apiClient) send(ctx context.Context, method, path string, body any) error {
	var payload io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		payload = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, payload)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return err
}

// wait stands for one request's round trip: the request itself with EnvHTTP, else the latency.
func (r *floorResource) wait(ctx context.Context, method, path string, body any) error {
	if api != nil {
		return api.send(ctx, method, path, body)
	}
	sleep(ctx, r.latency)
	return nil
}

// failed adds a wait's error, if any, to diags and says whether there was one: the run then
// fails, and the benchmark with it.
func failed(diags *diag.Diagnostics, err error) bool {
	if err != nil {
		diags.AddError("The HTTP floor's request got no answer", err.Error())
	}
	return err != nil
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
