package server

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-xray/internal/provider"
)

const actionType = "xray_jira_integration_check"

// actionCalls are the action RPCs, which Terraform makes once per action invocation (per
// triggering resource instance). The requests carry no configuration: the answers are
// diagnostics, but the framework registers the request's context first, as in every call.
var actionCalls = map[string]func(context.Context, tfprotov6.ProviderServer) error{
	"ValidateActionConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		a, err := asActionServer(s)
		if err == nil {
			_, err = a.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: actionType})
		}
		return err
	},
	"PlanAction": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		a, err := asActionServer(s)
		if err == nil {
			_, err = a.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: actionType})
		}
		return err
	},
	// As tf6server does: call, then range over the stream to its end.
	"InvokeAction": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		a, err := asActionServer(s)
		if err == nil {
			_, err = invokeToTheEnd(ctx, a, nil)
		}
		return err
	},
}

func asActionServer(s tfprotov6.ProviderServer) (tfprotov6.ActionServer, error) {
	a, ok := s.(tfprotov6.ActionServer)
	if !ok {
		return nil, errors.New("the server does not serve actions")
	}
	return a, nil
}

// mustServeActions is asActionServer for a test.
func mustServeActions(t *testing.T, s tfprotov6.ProviderServer) tfprotov6.ActionServer {
	t.Helper()
	a, err := asActionServer(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// invokeToTheEnd invokes the check action with config and returns the diagnostics of its
// completed event.
func invokeToTheEnd(ctx context.Context, s tfprotov6.ActionServer, config *tfprotov6.DynamicValue) ([]*tfprotov6.Diagnostic, error) {
	stream, err := s.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: config})
	if err != nil {
		return nil, err
	}
	var diags []*tfprotov6.Diagnostic
	for ev := range stream.Events {
		if done, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = done.Diagnostics
		}
	}
	return diags, nil
}

func TestActionRequestContextIsNotKeptAfterTheCall(t *testing.T) {
	for name, rpc := range actionCalls {
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

// The framework keeps action contexts as it keeps the others: without this, the test above
// would pass without the wrapper and prove nothing.
func TestFrameworkKeepsActionRequestContexts(t *testing.T) {
	s := frameworkServer()
	for name, rpc := range actionCalls {
		if !contextKeptAfterCall(t, s, rpc) {
			t.Errorf("terraform-plugin-framework no longer keeps the context of a %s: the wrapper need not release it", name)
		}
	}
}

// The framework's server answers through the wrapper: the check action is in the schema, and
// an invocation reaches the action's own code, which says that the provider was not configured
// (the test makes no ConfigureProvider call).
func TestActionsReachTheFramework(t *testing.T) {
	s, err := New(provider.New("test"))()
	if err != nil {
		t.Fatal(err)
	}
	actions, ok := s.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // what tf6server asks for
	if !ok {
		t.Fatal("the wrapped server does not serve actions")
	}
	schema, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := schema.ActionSchemas[actionType]; !ok {
		t.Fatalf("the provider schema has no %s action; it has %v", actionType, schema.ActionSchemas)
	}
	objectType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"connection_name": tftypes.String}}
	config, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, map[string]tftypes.Value{
		"connection_name": tftypes.NewValue(tftypes.String, "security"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	diags, err := invokeToTheEnd(context.Background(), actions, &config)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Summary != "The Xray provider is not configured" {
		t.Fatalf("the invocation completed with %v, want the action's own error about the unconfigured provider", diags)
	}
}

// A server without actions is not made to look as if it had them: tf6server then answers
// Terraform with its own "not implemented" instead of calling into nothing.
func TestWrapperOfAServerWithoutActionsHasNone(t *testing.T) {
	if _, ok := releaseContexts(&blockingServer{}).(tfprotov6.ActionServer); ok {
		t.Fatal("the wrapper of a server without actions claims to serve them")
	}
}

// streamingActionServer stands in for the framework: like proto6server, its InvokeAction returns
// the stream at once and the action runs inside the stream's iterator, after InvokeAction has
// returned. The action reports the request's value it sees and then waits for cancellation or
// for release.
type streamingActionServer struct {
	tfprotov6.ProviderServer
	seen    chan any
	stopped chan error
}

func (streamingActionServer) ValidateActionConfig(context.Context, *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return &tfprotov6.ValidateActionConfigResponse{}, nil
}

func (streamingActionServer) PlanAction(context.Context, *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return &tfprotov6.PlanActionResponse{}, nil
}

func (a streamingActionServer) InvokeAction(ctx context.Context, _ *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return &tfprotov6.InvokeActionServerStream{Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
		a.seen <- ctx.Value(testKey{})
		if !yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.ProgressInvokeActionEventType{Message: "waiting"}}) {
			return
		}
		<-ctx.Done()
		a.stopped <- context.Cause(ctx)
	}}, nil
}

// The action runs with the request's context, values and cancellation included, although it
// runs after InvokeAction returned; the context is released once the stream has ended.
func TestInvokeActionKeepsItsContextUntilTheStreamEnds(t *testing.T) {
	inner := streamingActionServer{seen: make(chan any, 1), stopped: make(chan error, 1)}
	s := mustServeActions(t, releaseContexts(inner))
	parent, cancel := context.WithCancelCause(context.WithValue(context.Background(), testKey{}, "request value"))
	defer cancel(nil)

	stream, err := s.InvokeAction(parent, &tfprotov6.InvokeActionRequest{ActionType: actionType})
	if err != nil {
		t.Fatal(err)
	}
	var progress int
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for range stream.Events {
			progress++
		}
	}()
	if got := <-inner.seen; got != "request value" {
		t.Errorf("the action saw the value %v in its context, want the request's: the context was released before it ran", got)
	}
	stop := errors.New("interrupted")
	cancel(stop)
	select {
	case err := <-inner.stopped:
		if err != stop {
			t.Errorf("the action ended with %v, want the request's cancellation cause %v", err, stop)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the request did not reach the running action")
	}
	<-ended
	if progress != 1 {
		t.Errorf("the stream passed on %d progress events, want 1", progress)
	}
}

// frameworkServer is the framework's own server for the provider, without the wrapper.
func frameworkServer() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(provider.New("test")())()
}

// stoppingActionServer stands in for the framework on an interrupt: StopProvider cancels the
// invocations in flight, and a cancelled invocation sends its completed event a little later.
type stoppingActionServer struct {
	streamingActionServer
	stop      chan struct{}
	completed chan struct{} // closed once the completed event was handed on
	neverEnds chan struct{} // when not nil, the action ignores the stop until this is closed
}

func (a stoppingActionServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	close(a.stop)
	return &tfprotov6.StopProviderResponse{}, nil
}

func (a stoppingActionServer) InvokeAction(context.Context, *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return &tfprotov6.InvokeActionServerStream{Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
		a.seen <- nil
		<-a.stop
		if a.neverEnds != nil {
			<-a.neverEnds
			return
		}
		time.Sleep(50 * time.Millisecond)
		yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{
			Diagnostics: []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "interrupted"}}}})
		close(a.completed)
	}}, nil
}

func newStoppingActionServer(neverEnds chan struct{}) stoppingActionServer {
	return stoppingActionServer{streamingActionServer: streamingActionServer{seen: make(chan any, 1)},
		stop: make(chan struct{}), completed: make(chan struct{}), neverEnds: neverEnds}
}

// tf6server drops a stream's events once StopProvider has returned, so the cancelled
// invocation's completed event (its error) must be handed on before: StopProvider waits for it.
func TestStopProviderWaitsForCancelledInvocationsToReport(t *testing.T) {
	inner := newStoppingActionServer(nil)
	s := releaseContexts(inner)
	stream, err := mustServeActions(t, s).InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: actionType})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range stream.Events { //nolint:revive // consumed as tf6server does
		}
	}()
	<-inner.seen
	if _, err := s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-inner.completed:
	default:
		t.Fatal("StopProvider returned before the cancelled invocation reported; tf6server would drop its error and Terraform count it a success")
	}
}

// An invocation that ignores the stop does not hold StopProvider up for longer than the limit.
func TestStopProviderWaitsForInvocationsOnlySoLong(t *testing.T) {
	defer func(was time.Duration) { invokeReportLimit = was }(invokeReportLimit)
	invokeReportLimit = 100 * time.Millisecond
	hold := make(chan struct{})
	defer close(hold)
	inner := newStoppingActionServer(hold)
	s := releaseContexts(inner)
	stream, err := mustServeActions(t, s).InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: actionType})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range stream.Events { //nolint:revive // consumed as tf6server does
		}
	}()
	<-inner.seen
	start := time.Now()
	if _, err := s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("StopProvider took %s with an invocation that never ends, want about %s", took, invokeReportLimit)
	}
}
