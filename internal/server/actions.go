package server

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// releasingActionServer is releasingServer for a server that also serves actions (the
// framework's always does). terraform-plugin-go v0.31 keeps the action RPCs out of
// tfprotov6.ProviderServer, in tfprotov6.ActionServer, and tf6server finds them by asking its
// server for tfprotov6.ProviderServerWithActions: a wrapper that only embeds ProviderServer
// would answer Terraform's action calls with "not implemented".
//
// The action calls get the releasable-context treatment too. Terraform makes them once per
// action invocation, so an action_trigger on a resource with count = N makes N PlanAction and
// N InvokeAction calls, and the framework registers each call's context as it does for
// resources (DESIGN.md, "Request contexts").
type releasingActionServer struct {
	*releasingServer
	actions tfprotov6.ActionServer
}

// tfprotov6.ProviderServerWithActions is deprecated only in that its methods will move into
// ProviderServer; until then it is what tf6server asks for.
var _ tfprotov6.ProviderServerWithActions = (*releasingActionServer)(nil) //nolint:staticcheck

func (s *releasingActionServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return call(ctx, req, s.actions.ValidateActionConfig)
}

func (s *releasingActionServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return call(ctx, req, s.actions.PlanAction)
}

// InvokeAction cannot release the context when the call returns, as call does: the framework
// (v1.19, proto6server InvokeAction) returns the stream at once and runs the action inside the
// stream's Events iterator, which tf6server ranges over after InvokeAction has returned. The
// action runs with the request's context, its loggers and its cancellation, and the context is
// released when the iteration ends. tf6server always ranges over a stream it is given; a stream
// that is never ranged over keeps its context, as it would without this server.
func (s *releasingActionServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	rc := newReleasableContext(ctx)
	stream, err := s.actions.InvokeAction(rc, req)
	if err != nil || stream == nil || stream.Events == nil {
		rc.release()
		return stream, err
	}
	events := stream.Events
	return &tfprotov6.InvokeActionServerStream{
		Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
			defer rc.release()
			events(yield)
		},
	}, nil
}
