package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// nonEmpty refuses "" at plan time: Xray has no use for an empty profile, pattern or name.
func nonEmpty() []validator.String { return []validator.String{stringvalidator.LengthAtLeast(1)} }

// offSwitch is an optional boolean that is false when left out, as Xray's default is.
func offSwitch(description string) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: description + " Defaults to `false`.",
		Optional: true, Computed: true, Default: booldefault.StaticBool(false)}
}

func (r *watchTicketingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Jira ticketing settings of an existing Xray watch: whether the watch opens tickets, " +
			"with which ticket profile, and how. The watch itself is made elsewhere, for example by jfrog/xray's " +
			"`xray_watch`; this resource changes only these settings and writes every other field of the watch back " +
			"as it read it. Destroying it turns ticketing off and leaves the watch. Ticket profiles are made in Xray's UI.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The watch's name, followed by `:` and the project key for a watch of a project.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"watch_name": schema.StringAttribute{
				MarkdownDescription: "The name of the watch. The watch must exist: a plan refuses a name Xray does not " +
					"have. Changing it moves the settings to another watch (replace).",
				Required:      true,
				Validators:    nonEmpty(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"project_key": schema.StringAttribute{
				MarkdownDescription: "The project of the watch, for a watch made in a project (`?projectKey=`). Leave it " +
					"out for a global watch. Changing it replaces the resource.",
				Optional:      true,
				Validators:    nonEmpty(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"create_ticket_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the watch opens Jira tickets for its violations. Defaults to `true`.",
				Optional:            true, Computed: true, Default: booldefault.StaticBool(true),
			},
			"ticket_profile": schema.StringAttribute{
				MarkdownDescription: "The name of the Jira ticket profile the watch's tickets use. Profiles are made in " +
					"Xray's UI (Administration > Integrations > Jira); Xray has no REST API for them.",
				Required:   true,
				Validators: nonEmpty(),
			},
			"ticket_generation": schema.SingleNestedAttribute{
				MarkdownDescription: "How tickets are generated. Leave it out for Xray's defaults: every switch off and no mapping.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"create_tickets_for_ignored_violation": offSwitch("Whether ignored violations open tickets too."),
					"create_duplicate_tickets": schema.SingleNestedAttribute{
						MarkdownDescription: "When a finding that already has a ticket opens another one.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"by_version": schema.SingleNestedAttribute{
								MarkdownDescription: "One ticket per version of the component, by kind of resource.",
								Optional:            true,
								Attributes: map[string]schema.Attribute{
									"build":          offSwitch("A new ticket for each build version."),
									"package":        offSwitch("A new ticket for each package version."),
									"release_bundle": offSwitch("A new ticket for each release bundle version."),
								},
							},
						},
					},
					"impact_path_profiles_mapping": schema.SingleNestedAttribute{
						MarkdownDescription: "Tickets for findings whose impact path matches a pattern go to another profile.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"include": schema.ListNestedAttribute{
								MarkdownDescription: "The mappings, in order.",
								Optional:            true,
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"profile": schema.StringAttribute{MarkdownDescription: "The ticket profile for matching findings.",
										Required: true, Validators: nonEmpty()},
									"pattern": schema.StringAttribute{MarkdownDescription: "The impact path pattern.",
										Required: true, Validators: nonEmpty()},
								}},
							},
						},
					},
				},
			},
		},
	}
}
