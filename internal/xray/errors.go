package xray

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrNotFound is matched (with errors.Is) by every error that means "Xray has no integration by
// that name", so callers can tell a gone resource from a failure without looking at status codes.
var ErrNotFound = errors.New("integration not found")

// ErrRouteMissing means the server has no such endpoint at all (a plain 404 or a 405 rather than
// Xray's own JSON not-found). It usually points at an Xray older than the endpoint.
var ErrRouteMissing = errors.New("endpoint not available on this server")

// APIError is a non-2xx answer from Xray. It carries the HTTP status and Xray's own `error`
// text so that diagnostics can show both. It never holds request bodies, which may contain secrets.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is Xray's `error` field, or a trimmed excerpt of a body that is not Xray's JSON
	// (an HTML page from a proxy, plain text), or empty for an empty body.
	Message string
	// xrayJSON records whether the body was Xray's own JSON error object.
	xrayJSON bool
}

func (e *APIError) Error() string {
	status := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	msg := e.Message
	if msg == "" {
		msg = "(empty response body)"
	}
	return fmt.Sprintf("%s %s: %s: %s", e.Method, e.Path, status, msg)
}

// Is lets errors.Is(err, ErrNotFound) and errors.Is(err, ErrRouteMissing) work on API errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && e.xrayJSON
	case ErrRouteMissing:
		return e.routeMissing()
	}
	return false
}

// routeMissing tells a missing endpoint from a missing integration: Xray answers a missing
// integration with its JSON error object, while an unknown route gets a router's plain 404 or 405.
func (e *APIError) routeMissing() bool {
	return e.StatusCode == http.StatusMethodNotAllowed ||
		(e.StatusCode == http.StatusNotFound && !e.xrayJSON)
}

// StatusCode returns the HTTP status of an API error, or 0 for any other error.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
