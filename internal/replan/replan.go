// Package replan gives the provider what Terraform 1.16 and later hand to the second plan of a
// change: the private data the first plan returned.
//
// terraform apply plans every change twice, once for the plan it shows and again in the apply
// walk just before applying it, in a new provider process. Since 1.16, Terraform sends the second
// call the first call's private data (planned_private, field 9 of protocol 6's
// PlanResourceChange.Request), so a provider can skip there what the first plan already did.
// terraform-plugin-go v0.31 (the newest) does not know the field: it arrives as an unknown field of
// the request message and is dropped when the message is converted. Interceptor reads it from the
// message first and puts it in the call's context, where the resource's ModifyPlan finds it with
// PlannedPrivate. Another CLI (an older Terraform, OpenTofu) sends nothing, and PlannedPrivate then
// returns nothing: the second plan does all the first did, as before. This package only moves
// bytes; what they mean (the framework's encoding of private data) is read next to the resource.
//
// TestRequestStillLacksPlannedPrivate fails the day terraform-plugin-go learns the field: then the
// framework hands the data over itself, and the interceptor can go.
//
// The apply call itself carries its plan's private data on every CLI, but the framework does not
// hand it to Create; internal/server puts it in the context the same way (WithPlannedPrivate).
package replan

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

const (
	planResourceChange                   = "/tfplugin6.Provider/PlanResourceChange"
	plannedPrivateField protowire.Number = 9
)

type plannedPrivateKey struct{}

// Interceptor is a gRPC unary server interceptor: for PlanResourceChange, it puts the request's
// planned private data, if Terraform sent any, in the context the call runs with.
func Interceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if info.FullMethod == planResourceChange {
		if m, ok := req.(proto.Message); ok {
			if b := bytesField(m.ProtoReflect().GetUnknown(), plannedPrivateField); len(b) > 0 {
				ctx = WithPlannedPrivate(ctx, b)
			}
		}
	}
	return handler(ctx, req)
}

// WithPlannedPrivate returns ctx carrying the private data the plan of the change returned, as
// Interceptor leaves it.
func WithPlannedPrivate(ctx context.Context, b []byte) context.Context {
	return context.WithValue(ctx, plannedPrivateKey{}, b)
}

// PlannedPrivate returns the private data the plan of the change returned, as Terraform sent it:
// in a plan, the first plan's, when Terraform handed it back to this second one; in an apply, the
// plan's. nil when there is none.
func PlannedPrivate(ctx context.Context) []byte {
	b, _ := ctx.Value(plannedPrivateKey{}).([]byte)
	if len(b) == 0 {
		return nil
	}
	return b
}

// bytesField returns the length-delimited field num in a message's raw wire bytes, or nil. Where
// the field occurs more than once the last occurrence wins, as protobuf's own decoding does for a
// field that is not repeated; broken input gives nil.
func bytesField(raw []byte, num protowire.Number) []byte {
	var last []byte
	for len(raw) > 0 {
		n, typ, l := protowire.ConsumeTag(raw)
		if l < 0 {
			return nil
		}
		raw = raw[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(raw)
			if l < 0 {
				return nil
			}
			last, raw = v, raw[l:]
			continue
		}
		l = protowire.ConsumeFieldValue(n, typ, raw)
		if l < 0 {
			return nil
		}
		raw = raw[l:]
	}
	return last
}
