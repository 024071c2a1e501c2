package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/replan"
)

// planCreate plans the create of name as Terraform plans a new resource, in ctx.
func (rb *rpcBench) planCreate(t *testing.T, ctx context.Context, name string) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	config := rb.config(name)
	resp, err := rb.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         benchResource,
		PriorState:       dynamic(t, rb.resourceType, tftypes.NewValue(rb.resourceType, nil)),
		ProposedNewState: dynamic(t, rb.resourceType, config),
		Config:           dynamic(t, rb.resourceType, config),
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("plan of %s: %v %v", name, err, resp.Diagnostics)
	}
	return resp
}

// privateValue is the JSON the provider keeps at key in private data as the framework encodes it,
// or "" when the key is not there.
func privateValue(t *testing.T, private []byte, key string) string {
	t.Helper()
	if len(private) == 0 {
		return ""
	}
	var keys map[string][]byte
	if err := json.Unmarshal(private, &keys); err != nil {
		t.Fatalf("private data %q: %v", private, err)
	}
	return string(keys[key])
}

// awaitVersionAsked waits until fake has answered the version look-up that the first check of a
// new name starts beside its two route reads. The check does not wait for it when the routes'
// answers decide, so it can reach the fake after the plan has answered, and a test that counts
// what a later call sends must not count it (a CI run under load once did).
func awaitVersionAsked(t *testing.T, fake *fakexray.Server) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		for _, r := range fake.Requests() {
			if r.Pattern == fakexray.PatternVersion && r.Status != 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the first check of a new name never asked the version: nothing settles an alike server's answers")
		}
	}
}

// The apply's second plan of a create, in a new process, handed the first plan's private data
// (Terraform 1.16 and later): the first plan found the name free and recorded that with the route
// it learnt, so the second asks Xray nothing, and the create keeps that route for the object,
// although its own process never learnt one.
func TestSecondPlanOfACreateTrustsTheFirst(t *testing.T) {
	first := newRPCBenchOn(t, fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourDocumented)))
	plan := first.planCreate(t, first.ctx, "replan-free")
	if got, want := privateValue(t, plan.PlannedPrivate, freeKey), `{"name":"replan-free","route":"documented"}`; got != want {
		t.Fatalf("the first plan recorded %q at %s, want %s", got, freeKey, want)
	}

	apply := newRPCBenchOn(t, first.fake) // the apply's process
	awaitVersionAsked(t, first.fake)
	first.fake.ResetRequests()
	replanned := apply.planCreate(t, replan.WithPlannedPrivate(apply.ctx, plan.PlannedPrivate), "replan-free")
	if reqs := first.fake.Requests(); len(reqs) != 0 {
		t.Errorf("the second plan asked Xray again: %+v", reqs)
	}
	if got := privateValue(t, replanned.PlannedPrivate, freeKey); got != "" {
		t.Errorf("the second plan passed %s on: %s", freeKey, got)
	}

	resp, err := apply.srv.ApplyResourceChange(apply.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       benchResource,
		PriorState:     dynamic(t, apply.resourceType, tftypes.NewValue(apply.resourceType, nil)),
		PlannedState:   replanned.PlannedState,
		Config:         dynamic(t, apply.resourceType, apply.config("replan-free")),
		PlannedPrivate: replanned.PlannedPrivate,
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("create: %v %v", err, resp.Diagnostics)
	}
	// The whole of what the object keeps: its route, as the one-letter record. Terraform's local
	// backend rewrites the state file after every change, so each byte here is paid once per
	// object applied after this one (DESIGN.md, "Private data").
	if got, want := string(resp.Private), `{"xray":"ImQi"}`; got != want {
		t.Errorf("the created object's private data is %s (%s at %s), want %s (\"d\", the documented route)",
			got, privateValue(t, resp.Private, privateKey), privateKey, want)
	}
}

// A second plan checks again whenever the first did not find this very name free: no private data
// handed back (an older Terraform, OpenTofu), a finding for another name, or a first plan that
// found the name taken and warned.
func TestSecondPlanChecksWhatTheFirstDidNotFindFree(t *testing.T) {
	rb := newRPCBench(t)
	other := rb.planCreate(t, rb.ctx, "replan-other")
	rb.fake.Put(fakexray.JiraIntegration{ConnectionName: "replan-taken", AuthType: "basic", Username: "ui@example.com",
		Password: "ui", InstallationType: "cloud", JiraServerURL: "https://ui.atlassian.net"})
	taken := rb.planCreate(t, rb.ctx, "replan-taken")
	if got := privateValue(t, taken.PlannedPrivate, freeKey); got != "" {
		t.Fatalf("a plan that found the name taken recorded it free: %s", got)
	}
	awaitVersionAsked(t, rb.fake)
	for name, c := range map[string]struct {
		ctx  context.Context
		name string
	}{
		"no private data handed back": {rb.ctx, "replan-new"},
		"another name found free":     {replan.WithPlannedPrivate(rb.ctx, other.PlannedPrivate), "replan-new"},
		"the name found taken":        {replan.WithPlannedPrivate(rb.ctx, taken.PlannedPrivate), "replan-taken"},
	} {
		rb.fake.ResetRequests()
		resp := rb.planCreate(t, c.ctx, c.name)
		if got := len(rb.fake.Requests()); got != 1 {
			t.Errorf("%s: the second plan sent %d requests, want its one check", name, got)
		}
		if c.name == "replan-taken" && (len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Summary, "may already exist")) {
			t.Errorf("%s: the second plan's diagnostics are %+v, want the warning again", name, resp.Diagnostics)
		}
	}
}

// The planned private data is read as the framework encodes it: one JSON object whose values are
// each key's stored JSON as a byte string. Anything else reads as nothing.
func TestPlannedKeyReadsTheFrameworkEncoding(t *testing.T) {
	encoded := []byte(`{"xray_free":"eyJuYW1lIjoiamlyYS1wcm9kIn0=",".frameworkKey":"e30="}`)
	ctx := replan.WithPlannedPrivate(context.Background(), encoded)
	if got := string(plannedKey(ctx, freeKey)); got != `{"name":"jira-prod"}` {
		t.Errorf("plannedKey(xray_free) = %q, want the first plan's value", got)
	}
	if got := plannedKey(ctx, privateKey); got != nil {
		t.Errorf("plannedKey of a key the plan did not set = %q, want nil", got)
	}
	for _, raw := range [][]byte{nil, []byte("\x00garbage")} {
		if got := plannedKey(replan.WithPlannedPrivate(context.Background(), raw), freeKey); got != nil {
			t.Errorf("plannedKey of %q = %q, want nil", raw, got)
		}
	}
}
