package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A refresh hands Terraform what Xray holds, and an identity that names the integration,
// whether or not Xray's answer differs from the state and whether or not the state had an
// identity (one written before identities, or by a CLI without them).

func (rb *rpcBench) read(t *testing.T, state *tfprotov6.DynamicValue, private []byte, identity *tfprotov6.ResourceIdentityData) *tfprotov6.ReadResourceResponse {
	t.Helper()
	resp, err := rb.srv.ReadResource(rb.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: benchResource, CurrentState: state, Private: private, CurrentIdentity: identity,
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("read: %v %v", err, resp.Diagnostics)
	}
	return resp
}

func (rb *rpcBench) attribute(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type, name string) tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs[name]
}

func TestReadOfAnUnchangedIntegrationKeepsTheState(t *testing.T) {
	rb := newRPCBench(t)
	state, private := rb.create(t, "read-same")
	resp := rb.read(t, state, private, rb.identity(t, "read-same"))
	got, err := resp.NewState.Unmarshal(rb.resourceType)
	if err != nil {
		t.Fatal(err)
	}
	if want := rb.state("read-same"); !got.Equal(want) {
		t.Errorf("new state = %v, want the state as it was: %v", got, want)
	}
	if name := rb.attribute(t, resp.NewIdentity.IdentityData, rb.identityType, "connection_name"); !name.Equal(tftypes.NewValue(tftypes.String, "read-same")) {
		t.Errorf("identity connection_name = %v", name)
	}
}

func TestReadShowsWhatChangedInXray(t *testing.T) {
	rb := newRPCBench(t)
	state, private := rb.create(t, "read-drift")
	in, ok := rb.fake.Integration("read-drift")
	if !ok {
		t.Fatal("the create left nothing in the fake")
	}
	in.Username = "someone-else@example.com"
	rb.fake.Put(in)
	resp := rb.read(t, state, private, rb.identity(t, "read-drift"))
	if got := rb.attribute(t, resp.NewState, rb.resourceType, "username"); !got.Equal(tftypes.NewValue(tftypes.String, "someone-else@example.com")) {
		t.Errorf("username after the refresh = %v, want Xray's someone-else@example.com", got)
	}
	if got := rb.attribute(t, resp.NewState, rb.resourceType, "password"); !got.Equal(tftypes.NewValue(tftypes.String, "bench-password")) {
		t.Errorf("password after the refresh = %v, want the state's (Xray never returns it)", got)
	}
}

func TestReadGivesAStateWithoutIdentityItsIdentity(t *testing.T) {
	rb := newRPCBench(t)
	state, private := rb.create(t, "read-no-identity")
	for name, identity := range map[string]*tfprotov6.ResourceIdentityData{
		"no identity":   nil,
		"null identity": {IdentityData: dynamic(t, rb.identityType, tftypes.NewValue(rb.identityType, nil))},
	} {
		t.Run(name, func(t *testing.T) {
			resp := rb.read(t, state, private, identity)
			if resp.NewIdentity == nil {
				t.Fatal("no identity in the answer")
			}
			if got := rb.attribute(t, resp.NewIdentity.IdentityData, rb.identityType, "connection_name"); !got.Equal(tftypes.NewValue(tftypes.String, "read-no-identity")) {
				t.Errorf("identity connection_name = %v, want read-no-identity", got)
			}
		})
	}
}
