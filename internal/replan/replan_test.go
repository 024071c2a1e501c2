package replan

import (
	"context"
	"testing"

	// tf6server registers terraform-plugin-go's protocol messages, which
	// TestRequestStillLacksPlannedPrivate looks up.
	_ "github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/emptypb"
)

// request is a message as terraform-plugin-go decodes a PlanResourceChange request that carries
// fields it does not know: they stay in the message as unknown fields. emptypb.Empty knows none,
// so every field below is unknown to it, as planned_private is to terraform-plugin-go.
func request(t *testing.T, plannedPrivate []byte) proto.Message {
	t.Helper()
	var raw []byte
	raw = protowire.AppendTag(raw, 1, protowire.BytesType) // type_name
	raw = protowire.AppendString(raw, "xray_jira_integration")
	raw = protowire.AppendTag(raw, 7, protowire.BytesType) // client_capabilities, a message
	raw = protowire.AppendBytes(raw, protowire.AppendVarint(protowire.AppendTag(nil, 3, protowire.VarintType), 1))
	raw = protowire.AppendTag(raw, 5, protowire.BytesType) // prior_private: not what is wanted
	raw = protowire.AppendBytes(raw, []byte(`{"other":"eyJ4IjoxfQ=="}`))
	if plannedPrivate != nil {
		raw = protowire.AppendTag(raw, 9, protowire.BytesType)
		raw = protowire.AppendBytes(raw, plannedPrivate)
	}
	m := &emptypb.Empty{}
	if err := proto.Unmarshal(raw, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// intercept runs Interceptor for method and returns the context the handler got.
func intercept(t *testing.T, method string, req proto.Message) context.Context {
	t.Helper()
	var got context.Context
	_, err := Interceptor(context.Background(), req, &grpc.UnaryServerInfo{FullMethod: method},
		func(ctx context.Context, _ any) (any, error) { got = ctx; return nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestInterceptorHandsThePlannedPrivateDataToThePlan(t *testing.T) {
	private := []byte(`{"xray_free":"eyJuYW1lIjoiamlyYS1wcm9kIn0="}`)
	ctx := intercept(t, planResourceChange, request(t, private))
	if got := string(PlannedPrivate(ctx)); got != string(private) {
		t.Errorf("PlannedPrivate = %q, want field 9's bytes %q (not prior_private's)", got, private)
	}
}

func TestNothingWithoutPlannedPrivateData(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"a first plan (no field 9)": intercept(t, planResourceChange, request(t, nil)),
		"another call":              intercept(t, "/tfplugin6.Provider/ApplyResourceChange", request(t, []byte(`{"xray_free":"e30="}`))),
	} {
		if got := PlannedPrivate(ctx); got != nil {
			t.Errorf("%s: PlannedPrivate = %q, want nil", name, got)
		}
	}
}

func TestBytesFieldStopsAtBrokenInput(t *testing.T) {
	raw := protowire.AppendTag(nil, 9, protowire.BytesType)
	raw = append(raw, 0x05, 'a') // a length of 5 with one byte behind it
	if got := bytesField(raw, 9); got != nil {
		t.Errorf("bytesField of a truncated field = %q, want nil", got)
	}
}

// A field sent twice is read as protobuf reads a singular field: the last occurrence wins.
// Before, the interceptor took the first.
func TestBytesFieldLastOccurrenceWins(t *testing.T) {
	var raw []byte
	for _, v := range []string{"first", "second"} {
		raw = protowire.AppendTag(raw, 9, protowire.BytesType)
		raw = protowire.AppendString(raw, v)
	}
	if got := string(bytesField(raw, 9)); got != "second" {
		t.Errorf("bytesField of a field sent twice = %q, want the last, %q", got, "second")
	}
}

// terraform-plugin-go's PlanResourceChange request does not know planned_private (field 9), which
// is why the interceptor reads it from the unknown fields. The day it learns the field, the field
// is decoded into the message and no longer among the unknown ones: the interceptor then sees
// nothing and the second plan silently checks everything again. This test fails first, to say
// that the interceptor can go and the framework's own request field be used.
func TestRequestStillLacksPlannedPrivate(t *testing.T) {
	const name = "tfplugin6.PlanResourceChange.Request"
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		t.Fatalf("terraform-plugin-go no longer registers %s: %v", name, err)
	}
	msg, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		t.Fatalf("%s is a %T, not a message", name, d)
	}
	if f := msg.Fields().ByNumber(plannedPrivateField); f != nil {
		t.Errorf("terraform-plugin-go's %s now has field %d (%s): drop replan.Interceptor and read the field "+
			"through the framework", name, plannedPrivateField, f.Name())
	}
	if msg.Fields().ByNumber(5) == nil {
		t.Errorf("%s has no field 5 (prior_private): this is not the message the interceptor reads", name)
	}
}
