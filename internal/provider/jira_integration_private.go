package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/replan"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// What the resource keeps in Terraform's private data, per key:
//
//   - privateKey, in the state of every object: its record, the route style proven to serve it,
//     so that a later process reads, updates and deletes it without discovering the style first
//     (xray.Via). See record.
//   - nameKey, in the plan of an existing object only: its connection_name, for the create half
//     of its replacement (priorName).
//   - freeKey, in the plan of a create only: what the plan's check found (planFinding).
//
// Only the record reaches the state. Terraform's local backend rewrites the whole state file
// after every change to any object, so each byte an object keeps is encoded again for every
// object applied after it (DESIGN.md, "Private data"): the record is one short JSON string.
const (
	privateKey = "xray"
	nameKey    = "xray_name"
	freeKey    = "xray_free"
)

// record is an object's privateKey: whether it has one, and the route proven to serve it ("" when
// none was proven when it was written). A record without a route tells a refresh that the object
// was written by this provider, so that the refresh does not fill the route in (rememberRead).
type record struct {
	kept  bool
	route xray.Route
}

// routeCodes are the record's JSON values, one per route; "" is a record without a route.
var routeCodes = map[xray.Route]string{xray.RouteObserved: "o", xray.RouteDocumented: "d", "": ""}

// encode is the record's JSON value.
func (r record) encode() []byte {
	raw, _ := json.Marshal(routeCodes[r.route]) // a string always encodes
	return raw
}

// decodeRecord reads a privateKey value; anything that is not a record reads as none.
func decodeRecord(raw []byte) record {
	var code *string // null is no record
	if len(raw) == 0 || json.Unmarshal(raw, &code) != nil || code == nil {
		return record{}
	}
	for route, c := range routeCodes {
		if c == *code {
			return record{kept: true, route: route}
		}
	}
	return record{}
}

// privateStore is what the framework's private state offers: read (request) and write
// (response) sides have the same two methods.
type privateStore interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// getKey is p's value at key, or nil when there is none.
func getKey(ctx context.Context, p privateStore, key string) []byte {
	if p == nil {
		return nil
	}
	raw, diags := p.GetKey(ctx, key)
	if diags.HasError() {
		return nil
	}
	return raw
}

// readRecord is the object's record in p.
func readRecord(ctx context.Context, p privateStore) record {
	return decodeRecord(getKey(ctx, p, privateKey))
}

// writeRecord keeps route as the object's record, or the route already kept when route is "".
func writeRecord(ctx context.Context, p privateStore, route xray.Route) diag.Diagnostics {
	if p == nil {
		return nil
	}
	old := readRecord(ctx, p)
	if route == "" {
		route = old.route
	}
	if old == (record{kept: true, route: route}) {
		return nil
	}
	return p.SetKey(ctx, privateKey, record{route: route}.encode())
}

// rememberRead records, after a refresh, only what the private data lacks or has wrong: a record
// for an object that has none (imported), or a route this process proved other than the one
// kept. It never fills in a missing route: Terraform counts any change to the private data as a
// change, so a refresh-only plan (-detailed-exitcode) would report drift on every run where
// nothing drifted. An object without a route costs its refresh one discovery per process
// (BENCHMARKS.md), unless another object of that process brings one. kept is the record the
// refresh started from, which p still holds.
func (r *jiraIntegrationResource) rememberRead(ctx context.Context, p privateStore, kept record) diag.Diagnostics {
	proven := r.client.RouteHint()
	switch {
	case !kept.kept:
		return writeRecord(ctx, p, proven)
	case kept.route != "" && proven != "" && kept.route != proven:
		return writeRecord(ctx, p, proven)
	}
	return nil
}

// rememberUpdated records, after an update, the route the client has proven
// (xray.Client.RouteHint), and drops the plan's nameKey, which the framework hands the update
// with the rest of the plan's private data.
func (r *jiraIntegrationResource) rememberUpdated(ctx context.Context, p privateStore) diag.Diagnostics {
	diags := writeRecord(ctx, p, r.client.RouteHint())
	return append(diags, p.SetKey(ctx, nameKey, nil)...)
}

// rememberCreated records a created object. A create's private data starts empty (the framework
// does not hand Create the plan's), so where this process has not proven the route style (the
// apply's second plan skipped its check), the route the plan recorded is kept: planned is that
// record, read from the private data the server's Apply call carries (plannedRecord).
func (r *jiraIntegrationResource) rememberCreated(ctx context.Context, p privateStore, planned record) diag.Diagnostics {
	route := r.client.RouteHint()
	if route == "" {
		route = planned.route
	}
	return writeRecord(ctx, p, route)
}

// plannedRecord is the record the plan of this change left for the object, read from the
// private data the CLI handed the call (replan): the route the plan's process proved for a
// create, or the replaced object's.
func plannedRecord(ctx context.Context) record {
	return decodeRecord(plannedKey(ctx, privateKey))
}

// via is the client hint for a route: none for "", where nothing was proven.
func via(route xray.Route) []xray.CallOption {
	if route == "" {
		return nil
	}
	return []xray.CallOption{xray.Via(route)}
}

// planFinding is freeKey's value: the name a planned create's check found free, and the route
// style the plan's process proved ("" when none).
type planFinding struct {
	Name  string     `json:"name"`
	Route xray.Route `json:"route,omitempty"`
}

// markFree records in a planned create's private data that its check found name free.
func (r *jiraIntegrationResource) markFree(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	raw, err := json.Marshal(planFinding{Name: name, Route: r.client.RouteHint()})
	if err != nil {
		return nil // a struct of two strings always encodes
	}
	return p.SetKey(ctx, freeKey, raw)
}

// foundFree reports whether this is the apply's second plan of a create whose first plan found
// name free, from the first plan's private data when Terraform handed it back (replan).
func foundFree(ctx context.Context, name string) (planFinding, bool) {
	var f planFinding
	if raw := plannedKey(ctx, freeKey); len(raw) == 0 || json.Unmarshal(raw, &f) != nil {
		return planFinding{}, false
	}
	return f, f.Name != "" && f.Name == name
}

// plannedKey returns what the resource stored at key in the private data the plan of the change
// returned (replan.PlannedPrivate), or nil. terraform-plugin-framework encodes private data as one
// JSON object of its own keys and the provider's, each value the stored JSON as a byte string
// (base64 in the object).
func plannedKey(ctx context.Context, key string) []byte {
	raw := replan.PlannedPrivate(ctx)
	if raw == nil {
		return nil
	}
	var keys map[string][]byte
	if json.Unmarshal(raw, &keys) != nil {
		return nil
	}
	return keys[key]
}

// routeHint turns the object's recorded route into a client hint.
func routeHint(ctx context.Context, p privateStore) []xray.CallOption {
	return via(readRecord(ctx, p).route)
}

// recordName puts an existing object's connection_name in its plan's private data (nameKey):
// Terraform plans the create half of a replacement with a null prior state but with the private
// data the first half returned (DESIGN.md), and on CLIs without resource identities that is how
// the create half learns which integration it replaces.
func recordName(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	raw, _ := json.Marshal(name) // a string always encodes
	return p.SetKey(ctx, nameKey, raw)
}

// priorName is the connection_name of the object that a planned create replaces, from its
// plan's private data or, on CLIs with resource identities, its identity; "" for a new resource.
func priorName(ctx context.Context, private privateStore, identity *tfsdk.ResourceIdentity) string {
	var name string
	if raw := getKey(ctx, private, nameKey); len(raw) > 0 && json.Unmarshal(raw, &name) == nil && name != "" {
		return name
	}
	if identity == nil || identity.Raw.IsNull() {
		return ""
	}
	var id types.String
	if diags := identity.GetAttribute(ctx, path.Root("connection_name"), &id); diags.HasError() {
		return ""
	}
	return id.ValueString() // "" when null or unknown
}
