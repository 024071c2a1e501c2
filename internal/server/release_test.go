package server

import (
	"context"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/platformkit/terraform-provider-xray/internal/provider"
)

type markerKey struct{}

// marker stands for the per-request loggers terraform-plugin-go puts in a request's context. It
// is 32 bytes so that the allocator gives it a block of its own: zero-size values share one
// address, and objects under 16 bytes without pointers may share a block with others that live.
type marker struct{ id [4]int64 }

const typeName = "xray_jira_integration"

// perResourceCalls are the calls Terraform makes once per resource instance or data source, the
// ones whose contexts must not pile up. The requests carry no configuration or state: the
// answers are diagnostics, but the framework has registered the request's context by then all
// the same, as it does first thing in every call.
var perResourceCalls = map[string]func(context.Context, tfprotov6.ProviderServer) error{
	"ValidateResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName})
		return err
	},
	"UpgradeResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName})
		return err
	},
	"ReadResource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName})
		return err
	},
	"PlanResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName})
		return err
	},
	"ApplyResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName})
		return err
	},
	"ImportResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName})
		return err
	},
	"MoveResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{TargetTypeName: typeName})
		return err
	},
	"UpgradeResourceIdentity": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.UpgradeResourceIdentity(ctx, &tfprotov6.UpgradeResourceIdentityRequest{TypeName: typeName})
		return err
	},
	"GenerateResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.GenerateResourceConfig(ctx, &tfprotov6.GenerateResourceConfigRequest{TypeName: typeName})
		return err
	},
	"ValidateDataResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typeName})
		return err
	},
	"ReadDataSource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName})
		return err
	},
}

// contextKeptAfterCall makes one call to s with a context that carries a marker, ends the
// request as gRPC does (cancelling its context), drops every reference the test holds and
// reports whether the marker survived a garbage collection, that is, whether s kept it.
func contextKeptAfterCall(t *testing.T, s tfprotov6.ProviderServer, rpc func(context.Context, tfprotov6.ProviderServer) error) bool {
	t.Helper()
	ref := func() weak.Pointer[marker] {
		m := &marker{id: [4]int64{1}}
		stream, endStream := context.WithCancel(context.Background())
		ctx := context.WithValue(stream, markerKey{}, m)
		if err := rpc(ctx, s); err != nil {
			t.Fatalf("call failed: %v", err)
		}
		endStream()
		return weak.Make(m)
	}()
	runtime.GC()
	runtime.GC()
	kept := ref.Value() != nil
	// The server must outlive the collection, as it does in a provider process; otherwise it
	// would be collected along with whatever it holds.
	runtime.KeepAlive(s)
	return kept
}

func TestRequestContextIsNotKeptAfterTheCall(t *testing.T) {
	for name, rpc := range perResourceCalls {
		t.Run(name, func(t *testing.T) {
			s, err := New(provider.New("test"))()
			if err != nil {
				t.Fatal(err)
			}
			if contextKeptAfterCall(t, s, rpc) {
				t.Fatalf("the provider server still holds the context of a %s after it returned", name)
			}
		})
	}
}

// TestFrameworkKeepsRequestContexts pins down the framework behaviour that releasingServer works
// around. When it fails, the framework has stopped keeping request contexts, and
// releasingServer and releasableContext can be deleted.
func TestFrameworkKeepsRequestContexts(t *testing.T) {
	s := providerserver.NewProtocol6(provider.New("test")())()
	if !contextKeptAfterCall(t, s, perResourceCalls["ReadResource"]) {
		t.Fatal("terraform-plugin-framework no longer keeps request contexts: remove releasingServer")
	}
}

// blockingServer is a stand-in for the framework: its ReadResource derives a cancellable
// context, as the framework does, and waits until that context is cancelled.
type blockingServer struct {
	tfprotov6.ProviderServer
	started chan struct{}
}

func (b *blockingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	close(b.started)
	<-ctx.Done()
	return nil, context.Cause(ctx)
}

func TestCancellingTheRequestStillReachesTheCall(t *testing.T) {
	inner := &blockingServer{started: make(chan struct{})}
	s := releaseContexts(inner)
	ctx, cancel := context.WithCancelCause(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{})
		errc <- err
	}()
	<-inner.started
	stop := context.Canceled
	cancel(stop)
	if err := <-errc; err != stop {
		t.Fatalf("the call ended with %v, want the request's cancellation cause %v", err, stop)
	}
}
