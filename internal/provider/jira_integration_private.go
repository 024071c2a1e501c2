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

// privateKey is the key the resource keeps in Terraform's private state for each object.
const privateKey = "xray"

// freeKey is the key, in the private data of a planned create only, that records what the plan's
// check found: the name was free in Xray. Terraform 1.16 and later hand that data back to the
// apply's second plan of the same create (internal/replan), which then need not ask again. A
// create starts from empty private data, so the key never reaches the state.
const freeKey = "xray_free"

// Both keys hold a privateData: at freeKey, the name found free and the route style the plan's
// process learnt, for the apply's process, which then does not ask, to keep with the object.

// privateData is what the resource remembers of an object beside its attributes, in the private
// state Terraform stores for it and hands back on every later call:
//   - Name is the object's connection_name. Terraform plans the create half of a replacement
//     with a null prior state but with this data (DESIGN.md), so the plan can tell the
//     replacement of its own integration from a new one whose name Xray already holds.
//   - Route is the path style that served the object, so that a later process reads and updates
//     it without discovering the style first (xray.Via).
type privateData struct {
	Name  string     `json:"name"`
	Route xray.Route `json:"route,omitempty"`
}

// privateStore is what the framework's private state offers: read (request) and write
// (response) sides have the same two methods.
type privateStore interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readPrivate returns the object's private data, or the zero value when there is none (an
// object written by an older version of the provider, or a new one).
func readPrivate(ctx context.Context, p privateStore) privateData {
	var out privateData
	if p == nil {
		return out
	}
	raw, diags := p.GetKey(ctx, privateKey)
	if diags.HasError() {
		return out
	}
	return decodePrivate(raw)
}

// decodePrivate reads one key's value, or the zero value when there is none or it is not ours.
func decodePrivate(raw []byte) privateData {
	var out privateData
	if len(raw) == 0 || json.Unmarshal(raw, &out) != nil {
		return privateData{}
	}
	return out
}

// writePrivate records d, leaving what is there when d says nothing new.
func writePrivate(ctx context.Context, p privateStore, d privateData) diag.Diagnostics {
	if p == nil || d.Name == "" {
		return nil
	}
	old := readPrivate(ctx, p)
	if d.Route == "" {
		d.Route = old.Route
	}
	if old == d {
		return nil
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return nil // a struct of two strings always encodes
	}
	return p.SetKey(ctx, privateKey, raw)
}

// rememberRead records, after a refresh, only what the private data lacks or has wrong: a record
// for an object that has none (one written before private data, or imported), or a route this
// process proved other than the one kept. It never fills in a missing route: Terraform counts any
// change to the private data as a change, so a refresh-only plan (-detailed-exitcode) would
// report drift on every run where nothing drifted. An object without a route costs its refresh
// one discovery per process (BENCHMARKS.md).
func (r *jiraIntegrationResource) rememberRead(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	kept, proven := readPrivate(ctx, p), r.client.RouteHint()
	switch {
	case kept.Name == "":
		return writePrivate(ctx, p, privateData{Name: name, Route: proven})
	case kept.Route != "" && proven != "" && kept.Route != proven:
		return writePrivate(ctx, p, privateData{Name: kept.Name, Route: proven})
	}
	return nil
}

// rememberObject records, after an update, the object's name and the route the client has proven
// (xray.Client.RouteHint).
func (r *jiraIntegrationResource) rememberObject(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	return writePrivate(ctx, p, privateData{Name: name, Route: r.client.RouteHint()})
}

// rememberCreated is rememberObject for a create. A create's private data starts empty (the
// framework does not hand Create the plan's), so where this process has not learnt the route
// style (the apply's second plan skipped its check), the route the plan recorded is kept: the
// server's Apply call carries the plan's private data (replan).
func (r *jiraIntegrationResource) rememberCreated(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	d := privateData{Name: name, Route: r.client.RouteHint()}
	if d.Route == "" {
		d.Route = decodePrivate(plannedKey(ctx, privateKey)).Route
	}
	return writePrivate(ctx, p, d)
}

// plannedRoute is the route the plan's process proved for a create, as a hint for the create
// (xray.Via), so that the create need not prove it again; none where the plan proved none.
func plannedRoute(ctx context.Context) []xray.CallOption {
	if r := decodePrivate(plannedKey(ctx, privateKey)).Route; r != "" {
		return []xray.CallOption{xray.Via(r)}
	}
	return nil
}

// markFree records in a planned create's private data that its check found name free.
func (r *jiraIntegrationResource) markFree(ctx context.Context, p privateStore, name string) diag.Diagnostics {
	raw, err := json.Marshal(privateData{Name: name, Route: r.client.RouteHint()})
	if err != nil {
		return nil // a struct of two strings always encodes
	}
	return p.SetKey(ctx, freeKey, raw)
}

// foundFree reports whether this is the apply's second plan of a create whose first plan found
// name free, from the first plan's private data when Terraform handed it back (replan).
func foundFree(ctx context.Context, name string) (privateData, bool) {
	f := decodePrivate(plannedKey(ctx, freeKey))
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

// routeHint turns the object's remembered route into a client hint.
func routeHint(ctx context.Context, p privateStore) []xray.CallOption {
	if d := readPrivate(ctx, p); d.Route != "" {
		return []xray.CallOption{xray.Via(d.Route)}
	}
	return nil
}

// priorName is the connection_name of the object that a planned create replaces, from its
// private data or, on CLIs with resource identities, its identity; "" for a new resource.
func priorName(ctx context.Context, private privateStore, identity *tfsdk.ResourceIdentity) string {
	if name := readPrivate(ctx, private).Name; name != "" {
		return name
	}
	if identity == nil || identity.Raw.IsNull() {
		return ""
	}
	var name types.String
	if diags := identity.GetAttribute(ctx, path.Root("connection_name"), &name); diags.HasError() {
		return ""
	}
	return name.ValueString() // "" when null or unknown
}
