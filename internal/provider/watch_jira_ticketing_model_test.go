package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// A write changes only the three ticketing fields: every other field, unknown ones included,
// goes back as the raw JSON read; and what it wrote reads back as the same settings.
func TestWatchTicketingApplyKeepsOtherFields(t *testing.T) {
	t.Parallel()
	read := xray.Watch{
		"general_data":   json.RawMessage(`{"name": "w", "active": true}`),
		"x_unknown":      json.RawMessage(`{"a": [1, 2.50]}`),
		"ticket_profile": json.RawMessage(`"old"`),
	}
	m := watchTicketingModel{
		CreateTicketEnabled: types.BoolValue(true), TicketProfile: types.StringValue("team-a"),
		TicketGeneration: &ticketGenerationModel{
			CreateTicketsForIgnoredViolation: types.BoolValue(true),
			ImpactPathProfilesMapping: &profilesMappingModel{Include: []profileMappingModel{
				{Profile: types.StringValue("team-b"), Pattern: types.StringValue("npm://*")},
			}},
		},
	}
	out, err := m.applyTo(read)
	if err != nil {
		t.Fatal(err)
	}
	if string(out["x_unknown"]) != `{"a": [1, 2.50]}` || string(out["general_data"]) != `{"name": "w", "active": true}` {
		t.Errorf("other fields changed: %s %s", out["x_unknown"], out["general_data"])
	}
	if string(read["ticket_profile"]) != `"old"` {
		t.Error("applyTo changed the watch it was given")
	}
	got, err := ticketingOf(out)
	if err != nil || !m.same(got) {
		t.Fatalf("read back %+v, %v: not the settings written", got, err)
	}
	off := withoutTicketing(out)
	if _, ok := off[fieldTicketProfile]; ok || string(off[fieldCreateTicketEnabled]) != "false" || string(off["x_unknown"]) != `{"a": [1, 2.50]}` {
		t.Errorf("withoutTicketing = %v", off)
	}
}

// A watch without a profile answers a default (here even a non-default) ticket_generation: it
// reads as no settings, so a configuration without the block shows no drift.
func TestWatchTicketingDefaultGenerationIsNoDrift(t *testing.T) {
	t.Parallel()
	w := xray.Watch{fieldTicketGeneration: json.RawMessage(`{"create_tickets_for_ignored_violation": true}`)}
	got, err := ticketingOf(w)
	if err != nil {
		t.Fatal(err)
	}
	var m watchTicketingModel
	m.refresh(got)
	if m.TicketGeneration != nil || !m.TicketProfile.IsNull() || m.CreateTicketEnabled.ValueBool() {
		t.Errorf("refresh of a watch without a profile = %+v", m)
	}
	bad := xray.Watch{fieldTicketProfile: json.RawMessage(`3`)}
	if _, err := ticketingOf(bad); err == nil {
		t.Error("a ticket_profile that is not a string was accepted")
	}
}
