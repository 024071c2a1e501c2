package server

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/platformkit/terraform-provider-xray/internal/replan"
)

// releasingServer passes every call to the framework's server. For the calls Terraform makes
// once per resource instance or data source, it hands the framework a releasableContext and
// releases it when the call returns.
//
// Why: the framework's protocol server (terraform-plugin-framework v1.19, internal/proto6server,
// registerContext) derives a cancellable context from each request's context and appends its
// cancel function to a slice that only StopProvider empties, so that an interrupt can cancel
// everything in flight. Terraform calls StopProvider only on an interrupt, so each request's
// context stays reachable for the life of the provider process, and with it the per-request
// loggers terraform-plugin-go puts in it. That was most of the provider's memory, and it grew
// with every resource; with the context released, what the framework keeps per request is the
// releasableContext alone. DESIGN.md ("Request contexts") has the measurements, a reproduction
// for upstream (testdata/upstream-repro) and when this can go (TestFrameworkKeepsRequestContexts).
//
// Interrupts still work: while a call runs, its releasableContext forwards Done, Err and Value
// to the real context, so the framework's derived context is cancelled by StopProvider (which
// this server passes through) or when Terraform abandons the request, as before.
//
// The remaining calls (schema, provider configuration, functions) come once per provider
// process, or not at all for this provider, so they pass through untouched. Of the interfaces
// the framework server implements beyond tfprotov6.ProviderServer, actions are forwarded
// (releasingActionServer); list resources and state stores are hidden by the wrapper, the
// provider has none, and TestWrapperHidesNothingTheProviderOffers fails the day it gains one.
type releasingServer struct {
	tfprotov6.ProviderServer
}

// releaseContexts wraps inner, forwarding the optional protocol interfaces inner has and the
// provider uses: actions (see releasingActionServer).
func releaseContexts(inner tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	s := &releasingServer{ProviderServer: inner}
	if actions, ok := inner.(tfprotov6.ActionServer); ok {
		return newReleasingActionServer(s, actions)
	}
	return s
}

// call runs rpc with a context that is released as soon as rpc returns.
func call[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := newReleasableContext(ctx)
	defer rc.release()
	return rpc(rc, req)
}

func (s *releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s *releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s *releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadResource)
}

func (s *releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.PlanResourceChange)
}

// ApplyResourceChange also puts the change's planned private data in the context, for Create,
// which the framework does not hand it (replan.PlannedPrivate reads it).
func (s *releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	if len(req.PlannedPrivate) > 0 {
		ctx = replan.WithPlannedPrivate(ctx, req.PlannedPrivate)
	}
	return call(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s *releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s *releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.MoveResourceState)
}

func (s *releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s *releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.GenerateResourceConfig)
}

func (s *releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s *releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadDataSource)
}
