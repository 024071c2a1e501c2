package provider

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// makeWatchAdvice is what to do about a watch that does not exist.
const makeWatchAdvice = "This resource sets the ticketing of an existing watch; it does not create watches. " +
	"Make the watch first, with jfrog/xray's `xray_watch` resource or in Xray's UI, or fix watch_name " +
	"(and project_key, for a watch of a project). When the watch is made in the same configuration, set watch_name " +
	"from the watch resource's `id` so that this resource waits for it."

// addWatchError is addAPIError for watch calls: the HTTP status and Xray's message, and what to
// do, in the words of a watch rather than of an integration.
func addWatchError(diags *diag.Diagnostics, op, name string, err error) {
	diags.AddError(fmt.Sprintf("Unable to %s watch %q", op, name), explainWatchError(err))
}

func explainWatchError(err error) string {
	detail := err.Error()
	var uncertain *xray.UncertainWriteError
	switch {
	case errors.Is(err, xray.ErrWatchNotFound):
		return detail + ".\n\n" + makeWatchAdvice
	case errors.As(err, &uncertain):
		return detail + "\n\nReading the watch back did not show the new settings. Run terraform apply again: it reads the watch and writes only what differs."
	}
	switch xray.StatusCode(err) {
	case http.StatusBadRequest:
		return detail + "\n\nXray rejected the watch. When the message names the ticket profile, check that a Jira ticket " +
			"profile of that name exists in Xray's UI (Administration > Integrations > Jira)."
	case http.StatusUnauthorized:
		return detail + "\n\nThe access token was not accepted: check that it is valid and has not expired."
	case http.StatusForbidden:
		return detail + "\n\nThe access token needs the Manage Watches permission (an Xray admin has it)."
	case http.StatusNotFound:
		return detail + "\n\nThe server answered that there is nothing at this path, and the provider could not confirm " +
			"that the watch is gone; check url and whether a proxy in front of Xray rewrites paths. The state is left as it was."
	case 0:
		return explainError(err) // transport, TLS, cancellation: the integration's words fit
	}
	return detail + "\n\nThe operation can be retried; Xray's logs may say more."
}
