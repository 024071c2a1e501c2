package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// addAPIError turns a client error into a diagnostic a user can act on: a title naming the
// operation, and a detail with the HTTP status, Xray's own message, and what to do about it.
// Errors from the client never contain request bodies, so no secret can reach this text.
func addAPIError(diags *diag.Diagnostics, op, name string, err error) {
	title := fmt.Sprintf("Unable to %s Jira integration %q", op, name)
	diags.AddError(title, explainError(err))
}

func explainError(err error) string {
	detail := err.Error()
	var versionErr *xray.VersionError
	var conflict *xray.ConflictError
	var missing *xray.MissingRouteError
	var undecided *xray.UndecidedError
	var transport *xray.TransportError
	var taken *xray.NameTakenError
	var redirect *xray.RedirectError
	switch {
	case errors.As(err, &taken):
		return detail + ".\n\n" + adoptAdvice(taken.Name)
	case errors.As(err, &versionErr), errors.As(err, &conflict), errors.As(err, &missing), errors.As(err, &undecided), errors.As(err, &redirect):
		return detail // These already say what to do.
	case errors.Is(err, context.Canceled):
		return detail + "\n\nThe operation was interrupted before Xray answered; nothing in the state was changed for it."
	case errors.As(err, &transport) && xray.IsCertificateError(err):
		return detail + "\n\n" + certificateHint
	case errors.As(err, &transport) && xray.IsProtocolMismatch(err):
		return detail // It says which side speaks what.
	case errors.As(err, &transport):
		source := transport.URLSource
		if source == "" {
			source = "the provider's url"
		}
		return detail + "\n\nCheck that the platform URL (from " + source + ") points at the JFrog platform and that it is reachable from here."
	}
	switch xray.StatusCode(err) {
	case http.StatusBadRequest:
		return detail + "\n\nXray rejected the request. When the message is about connecting to Jira, " +
			"check jira_server_url, username and password, and that Jira is reachable from the Xray server."
	case http.StatusUnauthorized:
		return detail + "\n\nThe access token was not accepted: check that it is valid and has not expired."
	case http.StatusForbidden:
		return detail + "\n\nThe access token must belong to an Xray admin: managing Jira integrations requires admin permissions."
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		switch {
		case errors.Is(err, xray.ErrNotFound):
			return detail + "\n\nThe integration does not exist on Xray (it may have been deleted outside Terraform): run terraform apply -refresh-only or plan again."
		case errors.Is(err, xray.ErrRouteMissing):
			return detail + "\n\nThe server has no such endpoint: check that url is the JFrog platform URL (without /xray) and that Xray is 3.129 or later."
		}
		return detail + "\n\nThe server answered that there is nothing at this path, on a route the provider cannot confirm; " +
			"check url and whether a proxy or gateway in front of Xray rewrites paths. The state is left as it was."
	case http.StatusInternalServerError:
		return detail + "\n\nXray failed internally; its logs may say more. The operation can be retried."
	}
	return detail
}
