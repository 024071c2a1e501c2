package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// A record reads back as written, for each route and for none; anything else is no record, so a
// value this provider did not write is replaced by the next refresh rather than trusted.
func TestRecordReadsBackAsWritten(t *testing.T) {
	for _, route := range []xray.Route{xray.RouteObserved, xray.RouteDocumented, ""} {
		written := record{route: route}.encode()
		if got := decodeRecord(written); got != (record{kept: true, route: route}) {
			t.Errorf("the record of route %q (%s) reads back as %+v", route, written, got)
		}
	}
	for _, raw := range []string{"", "null", `"x"`, `{"route":"observed"}`, "\x00"} {
		if got := decodeRecord([]byte(raw)); got.kept {
			t.Errorf("decodeRecord(%q) = %+v, want no record", raw, got)
		}
	}
}

// planUpdate plans the change of an existing integration's username, as Terraform plans it.
func (rb *rpcBench) planUpdate(t *testing.T, name string, private []byte) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	changed := rb.config(name)
	attrs := map[string]tftypes.Value{}
	if err := changed.As(&attrs); err != nil {
		t.Fatal(err)
	}
	attrs["username"] = tftypes.NewValue(tftypes.String, "changed@example.com")
	changed = tftypes.NewValue(rb.resourceType, attrs)
	resp, err := rb.srv.PlanResourceChange(rb.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         benchResource,
		PriorState:       dynamic(t, rb.resourceType, rb.state(name)),
		ProposedNewState: dynamic(t, rb.resourceType, changed),
		Config:           dynamic(t, rb.resourceType, changed),
		PriorPrivate:     private,
		PriorIdentity:    rb.identity(t, name),
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("plan of the update of %s: %v %v", name, err, resp.Diagnostics)
	}
	return resp
}

// The plan of an existing object passes its name on for the create half of a replacement, but
// the state keeps only the record: an update drops the name the plan handed it.
func TestUpdateKeepsOnlyTheRecord(t *testing.T) {
	rb := newRPCBenchOn(t, fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourObserved)))
	state, private := rb.create(t, "private-update")
	plan := rb.planUpdate(t, "private-update", private)
	if got := privateValue(t, plan.PlannedPrivate, nameKey); got != `"private-update"` {
		t.Fatalf("the plan of an existing object passed %q on at %s, want its name", got, nameKey)
	}
	config := rb.config("private-update")
	resp, err := rb.srv.ApplyResourceChange(rb.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       benchResource,
		PriorState:     state,
		PlannedState:   plan.PlannedState,
		Config:         dynamic(t, rb.resourceType, config),
		PlannedPrivate: plan.PlannedPrivate,
		PlannedIdentity: &tfprotov6.ResourceIdentityData{
			IdentityData: plan.PlannedIdentity.IdentityData,
		},
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("update: %v %v", err, resp.Diagnostics)
	}
	if got, want := string(resp.Private), `{"xray":"Im8i"}`; got != want {
		t.Errorf("after the update the object keeps %s, want only its record %s (\"o\", the observed route)", got, want)
	}
}

// On a CLI without resource identities (Terraform 1.11, OpenTofu) the create half of a
// replacement learns which integration it replaces from the private data of the plan's first
// half alone: replacing an integration by one of the same name is not taken for a foreign
// integration, and renaming onto a name Xray holds is refused at plan.
func TestReplacementKnowsWhatItReplacesWithoutIdentity(t *testing.T) {
	rb := newRPCBench(t)
	_, private := rb.create(t, "private-old")
	first := rb.planUpdate(t, "private-old", private)
	rb.fake.Put(fakexray.JiraIntegration{ConnectionName: "private-taken", AuthType: "basic", Username: "ui@example.com",
		Password: "ui", InstallationType: "cloud", JiraServerURL: "https://ui.atlassian.net"})
	for name, wantError := range map[string]bool{"private-old": false, "private-taken": true} {
		config := rb.config(name)
		resp, err := rb.srv.PlanResourceChange(rb.ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName:         benchResource,
			PriorState:       dynamic(t, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
			ProposedNewState: dynamic(t, rb.resourceType, config),
			Config:           dynamic(t, rb.resourceType, config),
			PriorPrivate:     first.PlannedPrivate,
		})
		if err != nil {
			t.Fatal(err)
		}
		if hasError(resp.Diagnostics) != wantError || (!wantError && len(resp.Diagnostics) > 0) {
			t.Errorf("the create half replacing private-old with %s: diagnostics %+v, want an error: %t", name, resp.Diagnostics, wantError)
		}
	}
}
