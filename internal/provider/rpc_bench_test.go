package provider

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/loglevel"
	"github.com/platformkit/terraform-provider-xray/internal/server"
)

// The RPC benchmarks call the provider's protocol server in-process, as Terraform calls it over
// gRPC, against a fake Xray with no added latency. They measure the CPU and allocations the
// provider spends per call (the framework's decoding and encoding, the resource's own work and
// the HTTP exchange with the fake), which is what the provider adds to a plan or apply on top of
// the network's round trips. make bench measures whole phases through the CLI (BENCHMARKS.md).

const benchResource = "xray_jira_integration"

// rpcBench is a configured provider server and the types of the values it exchanges.
type rpcBench struct {
	fake         *fakexray.Server
	srv          tfprotov6.ProviderServer
	ctx          context.Context // with loggers as a served provider has them
	resourceType tftypes.Object
	identityType tftypes.Object
}

// loggingContext is a context with the loggers that terraform-plugin-go gives every call of a
// served provider, with the fields it sets for a resource call, at the levels server.Serve
// leaves when nobody asked for logs (off). Their cost, and what the provider's own log calls
// cost with them, is part of every call. They would write to the null device.
func loggingContext(b testing.TB) context.Context {
	b.Helper()
	b.Setenv(loglevel.SDKVariable, "OFF")
	b.Setenv(loglevel.ProviderVariable(Address), "OFF")
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = devNull.Close() })
	stderr := os.Stderr
	os.Stderr = devNull // the root loggers take os.Stderr as their output when they are made
	ctx := tfsdklog.NewRootSDKLogger(context.Background(), tfsdklog.WithLevelFromEnv(loglevel.SDKVariable))
	ctx = tfsdklog.NewRootProviderLogger(ctx, tflog.WithLevelFromEnv("TF_LOG_PROVIDER", "XRAY"))
	os.Stderr = stderr
	for k, v := range map[string]string{
		"tf_provider_addr": Address, "tf_req_id": "00000000-0000-0000-0000-000000000000", "tf_resource_type": benchResource,
	} {
		ctx = tfsdklog.SetField(ctx, k, v)
		ctx = tflog.SetField(ctx, k, v)
	}
	return ctx
}

func newRPCBench(b testing.TB) *rpcBench {
	b.Helper()
	return newRPCBenchOn(b, fakexray.NewTestServer(b))
}

// newRPCBenchOn is newRPCBench against fake: a second one on the same fake is what a new provider
// process is, one that has learnt nothing of the server yet.
func newRPCBenchOn(b testing.TB, fake *fakexray.Server) *rpcBench {
	b.Helper()
	srv, err := server.New(New("bench"))()
	if err != nil {
		b.Fatal(err)
	}
	ctx := loggingContext(b)
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(ids.Diagnostics) > 0 {
		b.Fatalf("GetResourceIdentitySchemas: %v %v", err, ids.Diagnostics)
	}
	providerType, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		b.Fatalf("the provider schema's type is %T", schemas.Provider.ValueType())
	}
	resourceType, ok := schemas.ResourceSchemas[benchResource].ValueType().(tftypes.Object)
	if !ok {
		b.Fatalf("the resource schema's type is %T", schemas.ResourceSchemas[benchResource].ValueType())
	}
	config := nullsExcept(providerType, map[string]tftypes.Value{
		"url":          tftypes.NewValue(tftypes.String, fake.URL()),
		"access_token": tftypes.NewValue(tftypes.String, fake.AdminToken()),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamic(b, providerType, config)})
	if err != nil || hasError(resp.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	idSchema := ids.IdentitySchemas[benchResource]
	idAttrs := map[string]tftypes.Type{}
	for _, a := range idSchema.IdentityAttributes {
		idAttrs[a.Name] = a.Type
	}
	return &rpcBench{
		fake:         fake,
		srv:          srv,
		ctx:          ctx,
		resourceType: resourceType,
		identityType: tftypes.Object{AttributeTypes: idAttrs},
	}
}

// nullsExcept is an object of type typ whose attributes are null but for those in set.
func nullsExcept(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			attrs[name] = v
		} else {
			attrs[name] = tftypes.NewValue(t, nil)
		}
	}
	return tftypes.NewValue(typ, attrs)
}

func dynamic(b testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// config is a configuration of one integration, as Terraform sends it (unset attributes null).
func (rb *rpcBench) config(name string) tftypes.Value {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	return nullsExcept(rb.resourceType, map[string]tftypes.Value{
		"connection_name":   str(name),
		"username":          str("bench@example.com"),
		"password":          str("bench-password"),
		"installation_type": str("cloud"),
		"jira_server_url":   str("https://bench.atlassian.net"),
	})
}

// state is the state of that integration after its create.
func (rb *rpcBench) state(name string) tftypes.Value {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	return nullsExcept(rb.resourceType, map[string]tftypes.Value{
		"id":                str(name),
		"connection_name":   str(name),
		"auth_type":         str("basic"),
		"username":          str("bench@example.com"),
		"password":          str("bench-password"),
		"installation_type": str("cloud"),
		"jira_server_url":   str("https://bench.atlassian.net"),
		"skip_proxy":        tftypes.NewValue(tftypes.Bool, false),
	})
}

func (rb *rpcBench) identity(b testing.TB, name string) *tfprotov6.ResourceIdentityData {
	v := tftypes.NewValue(rb.identityType, map[string]tftypes.Value{"connection_name": tftypes.NewValue(tftypes.String, name)})
	return &tfprotov6.ResourceIdentityData{IdentityData: dynamic(b, rb.identityType, v)}
}

// create applies the create of name and returns its state and private data.
func (rb *rpcBench) create(b testing.TB, name string) (*tfprotov6.DynamicValue, []byte) {
	resp, err := rb.srv.ApplyResourceChange(rb.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     benchResource,
		PriorState:   dynamic(b, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
		PlannedState: dynamic(b, rb.resourceType, rb.state(name)),
		Config:       dynamic(b, rb.resourceType, rb.config(name)),
	})
	if err != nil || hasError(resp.Diagnostics) {
		b.Fatalf("create %s: %v %v", name, err, resp.Diagnostics)
	}
	return resp.NewState, resp.Private
}

func (rb *rpcBench) destroy(b testing.TB, state *tfprotov6.DynamicValue, private []byte) {
	resp, err := rb.srv.ApplyResourceChange(rb.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       benchResource,
		PriorState:     state,
		PlannedState:   dynamic(b, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
		Config:         dynamic(b, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
		PlannedPrivate: private,
	})
	if err != nil || hasError(resp.Diagnostics) {
		b.Fatalf("destroy: %v %v", err, resp.Diagnostics)
	}
}

// BenchmarkPlanCreate is the plan of a new integration: the framework's planning and the
// resource's check that Xray does not hold the name (one GET).
func BenchmarkPlanCreate(b *testing.B) {
	rb := newRPCBench(b)
	config := rb.config("bench-plan")
	req := &tfprotov6.PlanResourceChangeRequest{
		TypeName:         benchResource,
		PriorState:       dynamic(b, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
		ProposedNewState: dynamic(b, rb.resourceType, config),
		Config:           dynamic(b, rb.resourceType, config),
	}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := rb.srv.PlanResourceChange(rb.ctx, req)
		if err != nil || hasError(resp.Diagnostics) {
			b.Fatalf("plan: %v %v", err, resp.Diagnostics)
		}
	}
}

// BenchmarkRead is the refresh of one integration (one GET).
func BenchmarkRead(b *testing.B) {
	rb := newRPCBench(b)
	state, private := rb.create(b, "bench-read")
	req := &tfprotov6.ReadResourceRequest{
		TypeName: benchResource, CurrentState: state, Private: private, CurrentIdentity: rb.identity(b, "bench-read"),
	}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := rb.srv.ReadResource(rb.ctx, req)
		if err != nil || hasError(resp.Diagnostics) {
			b.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
	}
}

// BenchmarkCreateDelete is the create of one integration (one POST) and its destroy (one DELETE).
func BenchmarkCreateDelete(b *testing.B) {
	rb := newRPCBench(b)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		state, private := rb.create(b, fmt.Sprintf("bench-%d", i))
		rb.destroy(b, state, private)
	}
}
