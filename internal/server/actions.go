package server

import (
	"context"
	"sync"
	"time"

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
//
// It also keeps an interrupted invocation from passing for a successful one; see StopProvider.
type releasingActionServer struct {
	*releasingServer
	actions tfprotov6.ActionServer

	mu       sync.Mutex
	invoking map[*releasableContext]chan struct{} // closed when that invocation's stream ends
}

// invokeReportLimit bounds how long StopProvider waits for cancelled invocations to report. The
// check action returns as soon as its context is cancelled, in milliseconds. (A variable for the
// tests.)
var invokeReportLimit = 5 * time.Second

func newReleasingActionServer(s *releasingServer, actions tfprotov6.ActionServer) *releasingActionServer {
	return &releasingActionServer{releasingServer: s, actions: actions, invoking: map[*releasableContext]chan struct{}{}}
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
	ended := s.started(rc)
	stream, err := s.actions.InvokeAction(rc, req)
	if err != nil || stream == nil || stream.Events == nil {
		ended()
		return stream, err
	}
	events := stream.Events
	return &tfprotov6.InvokeActionServerStream{
		Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
			defer ended()
			events(yield)
		},
	}, nil
}

// started records an invocation in flight and returns the function that ends it: it releases
// the context and tells a waiting StopProvider.
func (s *releasingActionServer) started(rc *releasableContext) (ended func()) {
	done := make(chan struct{})
	s.mu.Lock()
	s.invoking[rc] = done
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.invoking, rc)
		s.mu.Unlock()
		rc.release()
		close(done)
	}
}

// StopProvider cancels everything in flight, as before, and then waits (up to
// invokeReportLimit) for the invocations it cancelled to send their last event.
//
// Why: tf6server (terraform-plugin-go v0.31, InvokeAction) drops every event of a stream once
// its own stop signal has fired, the completed event with the action's error included, and it
// fires that signal as soon as this method returns. Terraform (v1.16) counts a stream that ends
// without a completed event as a success, so Ctrl-C during terraform apply -invoke printed
// "Apply complete!" and exited 0, as if Xray had found the integration healthy. Waiting here
// lets the cancelled check report "interrupted", and the apply fail. The wait is for the
// report, not for Xray: the requests were cancelled above, before it starts.
func (s *releasingActionServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	resp, err := s.ProviderServer.StopProvider(ctx, req)
	s.mu.Lock()
	pending := make([]chan struct{}, 0, len(s.invoking))
	for _, done := range s.invoking {
		pending = append(pending, done)
	}
	s.mu.Unlock()
	limit := time.NewTimer(invokeReportLimit)
	defer limit.Stop()
	for _, done := range pending {
		select {
		case <-done:
		case <-limit.C:
			return resp, err
		case <-ctx.Done():
			return resp, err
		}
	}
	return resp, err
}
