// Command upstream-repro shows, with nothing but terraform-plugin-framework's public API, that
// the framework's protocol 6 server keeps every request's context reachable until StopProvider:
// internal/proto6server's registerContext appends each request's cancel function to a slice
// that only StopProvider empties, and Terraform sends StopProvider only on an interrupt.
//
// It is ready to attach to an upstream issue as it is (a main package with one dependency);
// in this repository, run it with `go run ./internal/server/testdata/upstream-repro`.
// Found with terraform-plugin-framework v1.19.0; TestFrameworkKeepsRequestContexts in
// internal/server says when a release has fixed it.
package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// emptyProvider has no resources: the framework registers a request's context before it looks
// the resource type up, so even a call that fails keeps its context.
type emptyProvider struct{}

func (emptyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "example"
}
func (emptyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (emptyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (emptyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (emptyProvider) Resources(context.Context) []func() resource.Resource       { return nil }

type payloadKey struct{}

// liveHeapMB is the live heap after a full collection.
func liveHeapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / 1e6
}

func main() {
	s := providerserver.NewProtocol6(emptyProvider{})()
	ctx := context.Background()
	before := liveHeapMB()
	const requests = 1000
	for range requests {
		// Each request's context carries 16 KB, about what terraform-plugin-go's per-request
		// loggers weigh. gRPC cancels a request's context when the call ends; so do we.
		reqCtx, cancel := context.WithCancel(context.WithValue(ctx, payloadKey{}, make([]byte, 16<<10)))
		_, _ = s.ReadResource(reqCtx, &tfprotov6.ReadResourceRequest{TypeName: "example_thing"})
		cancel()
	}
	afterCalls := liveHeapMB()
	_, _ = s.StopProvider(ctx, &tfprotov6.StopProviderRequest{})
	afterStop := liveHeapMB()
	fmt.Printf("live heap: %.1f MB before, %.1f MB after %d finished ReadResource calls, %.1f MB after StopProvider\n",
		before, afterCalls, requests, afterStop)
	if afterCalls-before > 10 {
		fmt.Println("the server kept the contexts of finished requests until StopProvider")
	}
	runtime.KeepAlive(s)
}
