package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// This file interprets Xray's status check for both its users: the status data source, which
// reports the verdict as attributes (a check {} block turns it into a warning), and the check
// action, which turns anything but a healthy verdict into an error.

// readIntegrationStatus asks Xray to check name's connection to Jira. A request that fails (as
// opposed to an unhealthy verdict, which is an answer) is added to diags with the HTTP status,
// Xray's message and what to do: a missing status route on an Xray older than 3.136 says that
// version is needed (xray.VersionError). It returns nil then.
func readIntegrationStatus(ctx context.Context, client *xray.Client, name string, diags *diag.Diagnostics) *xray.IntegrationStatus {
	got, err := client.GetIntegrationStatus(ctx, name)
	if err != nil {
		addAPIError(diags, "check the status of", name, err)
		return nil
	}
	return got
}

// statusHealthy reports whether Xray's verdict is that the integration can reach Jira.
func statusHealthy(s *xray.IntegrationStatus) bool { return s.Status == xray.StatusHealthy }

// addUnhealthyError turns a verdict other than healthy into an error: a title naming the
// integration, and a detail with Xray's status, its reason and what to do.
func addUnhealthyError(diags *diag.Diagnostics, name string, s *xray.IntegrationStatus) {
	answer := "Xray's status check answered " + s.Status
	if s.Time != "" {
		answer += " (checked at " + s.Time + ")"
	}
	if s.Reason != "" {
		answer += ": " + s.Reason
	}
	var title, hint string
	switch s.Status {
	case xray.StatusFaultyConfiguration:
		title = fmt.Sprintf("Xray cannot reach Jira through integration %q", name)
		hint = "Check the integration's jira_server_url, username and password (an expired or revoked Jira API token " +
			"is the usual cause), and that Jira is reachable from the Xray server. Then apply again, or run the check " +
			"on its own with terraform apply -invoke=action.xray_jira_integration_check.NAME."
	case xray.StatusNotFound:
		title = fmt.Sprintf("Jira integration %q does not exist on Xray", name)
		hint = fmt.Sprintf("Xray has no integration named %q: check connection_name. To check an integration this "+
			"configuration creates, trigger the action from that resource's lifecycle action_trigger, so that it runs "+
			"after the create, with connection_name = caller.connection_name (Terraform 1.16 and later).", name)
	case xray.StatusInternalError:
		title = fmt.Sprintf("Xray failed while checking Jira integration %q", name)
		hint = "Xray's own check failed internally; its logs may say more. The check can be run again."
	default:
		title = fmt.Sprintf("Jira integration %q is not healthy", name)
		hint = "This provider does not know that status; only " + xray.StatusHealthy + " counts as healthy."
	}
	diags.AddError(title, answer+".\n\n"+hint)
}
