package xray

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrNotFound is matched (with errors.Is) by every error that means "Xray has no integration by
// that name", so callers can tell a gone resource from a failure without looking at status codes.
// The client only concludes it from a 404 on a route known to exist on the server (see route.go):
// a 404 by itself may just as well mean that the server has no such route.
var ErrNotFound = errors.New("integration not found")

// ErrRouteMissing means the server has no such endpoint at all. It usually points at an Xray
// older than the endpoint, or at a URL that is not the JFrog platform's.
var ErrRouteMissing = errors.New("endpoint not available on this server")

// APIError is a non-2xx answer from Xray. It carries the HTTP status and Xray's own `error`
// text so that diagnostics can show both. It never holds request bodies, which may contain secrets.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is Xray's `error` field, the platform's `errors[].message`, or a trimmed excerpt of
	// a body that is neither (an HTML page from a proxy, plain text), or empty for an empty body.
	Message string
	// xrayShape records whether the body was Xray's own {"error": "..."} object, the shape of a
	// not-found from Xray's handlers; the platform router's {"errors": [...]} is not.
	xrayShape bool
}

func (e *APIError) Error() string {
	status := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	msg := e.Message
	if msg == "" {
		msg = "(empty response body)"
	}
	return fmt.Sprintf("%s %s: %s: %s", e.Method, e.Path, status, msg)
}

// verdict is an answer together with what the client concluded from it in its context:
// ErrNotFound or ErrRouteMissing. An answer alone does not say (route.go), so the conclusion is
// never written into the answer; it wraps it, and errors.Is and errors.As see both.
type verdict struct {
	conclusion error
	answer     error
}

func (v *verdict) Error() string   { return v.answer.Error() }
func (v *verdict) Unwrap() []error { return []error{v.conclusion, v.answer} }

// gone is answer concluded to mean "no integration by that name".
func gone(answer error) error { return &verdict{conclusion: ErrNotFound, answer: answer} }

// routeMissing is answer concluded to mean "no such endpoint on this server".
func routeMissing(answer error) error { return &verdict{conclusion: ErrRouteMissing, answer: answer} }

// absent reports an answer that says "nothing here": a 404 of any shape, or a 405, which routers
// give when another method serves the path. Which of "no integration" and "no route" it means
// depends on whether the route is known to exist.
func (e *APIError) absent() bool {
	return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed
}

// xrayNotFound reports a 404 in Xray's own error shape: what Xray's handlers answer for a
// missing integration, and also what some servers answer for any unknown route.
func (e *APIError) xrayNotFound() bool {
	return e.StatusCode == http.StatusNotFound && e.xrayShape
}

// absentAnswer returns err as an *APIError when it is a 404 or 405 answer.
func absentAnswer(err error) (*APIError, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.absent() {
		return apiErr, true
	}
	return nil, false
}

// StatusCode returns the HTTP status of an API error, or 0 for any other error.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
