package replan

import (
	"context"
	"encoding/json"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
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

// frameworkPrivate encodes provider keys as terraform-plugin-framework encodes private data.
func frameworkPrivate(t *testing.T, keys map[string]string) []byte {
	t.Helper()
	m := map[string][]byte{}
	for k, v := range keys {
		m[k] = []byte(v)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
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
	private := frameworkPrivate(t, map[string]string{"xray_free": `{"name":"jira-prod"}`, ".frameworkKey": `{}`})
	ctx := intercept(t, planResourceChange, request(t, private))
	if got := string(ProviderKey(ctx, "xray_free")); got != `{"name":"jira-prod"}` {
		t.Errorf("ProviderKey(xray_free) = %q, want the first plan's value", got)
	}
	if got := ProviderKey(ctx, "other"); got != nil {
		t.Errorf("ProviderKey(other) = %q: a key of the prior private data, not the planned one", got)
	}
}

func TestNothingWithoutPlannedPrivateData(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"a first plan (no field 9)": intercept(t, planResourceChange, request(t, nil)),
		"another call":              intercept(t, "/tfplugin6.Provider/ApplyResourceChange", request(t, frameworkPrivate(t, map[string]string{"xray_free": `{}`}))),
		"not JSON":                  intercept(t, planResourceChange, request(t, []byte("\x00garbage"))),
	} {
		if got := ProviderKey(ctx, "xray_free"); got != nil {
			t.Errorf("%s: ProviderKey = %q, want nil", name, got)
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
