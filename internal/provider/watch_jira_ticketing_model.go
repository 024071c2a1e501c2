package provider

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// The ticketing fields at the top level of a watch object (DESIGN.md, "Watch ticketing").
// Nothing else of the watch is ever changed by this resource.
const (
	fieldCreateTicketEnabled = "create_ticket_enabled"
	fieldTicketProfile       = "ticket_profile"
	fieldTicketGeneration    = "ticket_generation"
)

// watchTicketingModel is the resource's state. The nested objects are pointers: nil is a block
// the configuration leaves out, which means Xray's defaults (every switch off, no mapping).
type watchTicketingModel struct {
	ID                  types.String           `tfsdk:"id"`
	WatchName           types.String           `tfsdk:"watch_name"`
	ProjectKey          types.String           `tfsdk:"project_key"`
	CreateTicketEnabled types.Bool             `tfsdk:"create_ticket_enabled"`
	TicketProfile       types.String           `tfsdk:"ticket_profile"`
	TicketGeneration    *ticketGenerationModel `tfsdk:"ticket_generation"`
}

type ticketGenerationModel struct {
	CreateTicketsForIgnoredViolation types.Bool             `tfsdk:"create_tickets_for_ignored_violation"`
	CreateDuplicateTickets           *duplicateTicketsModel `tfsdk:"create_duplicate_tickets"`
	ImpactPathProfilesMapping        *profilesMappingModel  `tfsdk:"impact_path_profiles_mapping"`
}

type duplicateTicketsModel struct {
	ByVersion *byVersionModel `tfsdk:"by_version"`
}

type byVersionModel struct {
	Build         types.Bool `tfsdk:"build"`
	Package       types.Bool `tfsdk:"package"`
	ReleaseBundle types.Bool `tfsdk:"release_bundle"`
}

type profilesMappingModel struct {
	Include []profileMappingModel `tfsdk:"include"`
}

type profileMappingModel struct {
	Profile types.String `tfsdk:"profile"`
	Pattern types.String `tfsdk:"pattern"`
}

// ticketGenerationJSON is ticket_generation as Xray reads and writes it (PR #392's shape). Every
// field is always sent, so what Xray stores is what the plan said, defaults included.
type ticketGenerationJSON struct {
	CreateDuplicateTickets struct {
		ByVersion struct {
			Build         bool `json:"build"`
			Package       bool `json:"package"`
			ReleaseBundle bool `json:"release_bundle"`
		} `json:"by_version"`
	} `json:"create_duplicate_tickets"`
	ImpactPathProfilesMapping struct {
		Include []profileMappingJSON `json:"include"`
	} `json:"impact_path_profiles_mapping"`
	CreateTicketsForIgnoredViolation bool `json:"create_tickets_for_ignored_violation"`
}

type profileMappingJSON struct {
	Profile string `json:"profile"`
	Pattern string `json:"pattern"`
}

// isDefault reports the settings a watch without them answers: every switch off, no mapping.
func (g ticketGenerationJSON) isDefault() bool {
	b := g.CreateDuplicateTickets.ByVersion
	return !b.Build && !b.Package && !b.ReleaseBundle && !g.CreateTicketsForIgnoredViolation &&
		len(g.ImpactPathProfilesMapping.Include) == 0
}

// generationJSON is the plan's ticket_generation as Xray's JSON (a nil block is the defaults).
func (m watchTicketingModel) generationJSON() ticketGenerationJSON {
	var g ticketGenerationJSON
	g.ImpactPathProfilesMapping.Include = []profileMappingJSON{}
	tg := m.TicketGeneration
	if tg == nil {
		return g
	}
	g.CreateTicketsForIgnoredViolation = tg.CreateTicketsForIgnoredViolation.ValueBool()
	if d := tg.CreateDuplicateTickets; d != nil && d.ByVersion != nil {
		g.CreateDuplicateTickets.ByVersion.Build = d.ByVersion.Build.ValueBool()
		g.CreateDuplicateTickets.ByVersion.Package = d.ByVersion.Package.ValueBool()
		g.CreateDuplicateTickets.ByVersion.ReleaseBundle = d.ByVersion.ReleaseBundle.ValueBool()
	}
	if mp := tg.ImpactPathProfilesMapping; mp != nil {
		for _, in := range mp.Include {
			g.ImpactPathProfilesMapping.Include = append(g.ImpactPathProfilesMapping.Include,
				profileMappingJSON{Profile: in.Profile.ValueString(), Pattern: in.Pattern.ValueString()})
		}
	}
	return g
}

// applyTo returns a copy of w whose three ticketing fields are the plan's; every other field
// is the raw JSON read, untouched.
func (m watchTicketingModel) applyTo(w xray.Watch) (xray.Watch, error) {
	out := make(xray.Watch, len(w)+3)
	for k, v := range w {
		out[k] = v
	}
	gen, err := json.Marshal(m.generationJSON())
	if err != nil {
		return nil, err
	}
	profile, err := json.Marshal(m.TicketProfile.ValueString())
	if err != nil {
		return nil, err
	}
	out[fieldCreateTicketEnabled] = json.RawMessage(fmt.Sprintf("%t", m.CreateTicketEnabled.ValueBool()))
	out[fieldTicketProfile] = profile
	out[fieldTicketGeneration] = gen
	return out, nil
}

// withoutTicketing is w with ticketing off: create_ticket_enabled false and no profile or
// generation settings, the body a watch that never had ticketing holds.
func withoutTicketing(w xray.Watch) xray.Watch {
	out := make(xray.Watch, len(w))
	for k, v := range w {
		out[k] = v
	}
	delete(out, fieldTicketProfile)
	delete(out, fieldTicketGeneration)
	out[fieldCreateTicketEnabled] = json.RawMessage("false")
	return out
}

// watchTicketing is what a watch holds of ticketing, decoded.
type watchTicketing struct {
	enabled    bool
	profile    string
	generation ticketGenerationJSON
}

// ticketingOf decodes the ticketing fields of a watch. A watch with no profile answers a
// default ticket_generation (DESIGN.md): it is taken as the defaults whatever it says, as PR
// #392 drops it, so that it never shows as drift.
func ticketingOf(w xray.Watch) (watchTicketing, error) {
	var t watchTicketing
	if err := decodeField(w, fieldCreateTicketEnabled, &t.enabled); err != nil {
		return t, err
	}
	if err := decodeField(w, fieldTicketProfile, &t.profile); err != nil {
		return t, err
	}
	if t.profile == "" {
		return t, nil
	}
	if err := decodeField(w, fieldTicketGeneration, &t.generation); err != nil {
		return t, err
	}
	return t, nil
}

// decodeField decodes one field; an absent or null field leaves into at its zero value.
func decodeField(w xray.Watch, name string, into any) error {
	v, ok := w[name]
	if !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(v, into); err != nil {
		return fmt.Errorf("the watch's %s is not what Xray documents: %v", name, err)
	}
	return nil
}

// same reports whether a watch read back holds the ticketing the plan wrote: how a PUT whose
// answer was lost is settled.
func (m watchTicketingModel) same(t watchTicketing) bool {
	want, _ := json.Marshal(m.generationJSON())
	got, _ := json.Marshal(normalised(t.generation))
	return t.enabled == m.CreateTicketEnabled.ValueBool() && t.profile == m.TicketProfile.ValueString() && bytes.Equal(want, got)
}

func normalised(g ticketGenerationJSON) ticketGenerationJSON {
	if g.ImpactPathProfilesMapping.Include == nil {
		g.ImpactPathProfilesMapping.Include = []profileMappingJSON{}
	}
	return g
}

// refresh sets the model from what the watch holds. A block that prior (the state or plan)
// left out stays out while Xray holds its defaults there, so a configuration without it shows
// no drift; any other value shows as it is.
func (m *watchTicketingModel) refresh(t watchTicketing) {
	m.CreateTicketEnabled = types.BoolValue(t.enabled)
	m.TicketProfile = types.StringValue(t.profile)
	if t.profile == "" {
		m.TicketProfile = types.StringNull()
	}
	g := t.generation
	prior := m.TicketGeneration
	if prior == nil && g.isDefault() {
		m.TicketGeneration = nil
		return
	}
	if prior == nil {
		prior = &ticketGenerationModel{}
	}
	out := &ticketGenerationModel{CreateTicketsForIgnoredViolation: types.BoolValue(g.CreateTicketsForIgnoredViolation)}
	b := g.CreateDuplicateTickets.ByVersion
	if prior.CreateDuplicateTickets != nil || b.Build || b.Package || b.ReleaseBundle {
		out.CreateDuplicateTickets = &duplicateTicketsModel{}
		if (prior.CreateDuplicateTickets != nil && prior.CreateDuplicateTickets.ByVersion != nil) || b.Build || b.Package || b.ReleaseBundle {
			out.CreateDuplicateTickets.ByVersion = &byVersionModel{
				Build: types.BoolValue(b.Build), Package: types.BoolValue(b.Package), ReleaseBundle: types.BoolValue(b.ReleaseBundle),
			}
		}
	}
	include := g.ImpactPathProfilesMapping.Include
	if prior.ImpactPathProfilesMapping != nil || len(include) > 0 {
		out.ImpactPathProfilesMapping = &profilesMappingModel{}
		if (prior.ImpactPathProfilesMapping != nil && prior.ImpactPathProfilesMapping.Include != nil) || len(include) > 0 {
			out.ImpactPathProfilesMapping.Include = []profileMappingModel{}
			for _, in := range include {
				out.ImpactPathProfilesMapping.Include = append(out.ImpactPathProfilesMapping.Include,
					profileMappingModel{Profile: types.StringValue(in.Profile), Pattern: types.StringValue(in.Pattern)})
			}
		}
	}
	m.TicketGeneration = out
}
