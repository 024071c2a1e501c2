package xray

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

const watchesPath = "/xray/api/v2/watches"

// ErrWatchNotFound is matched (errors.Is) by an error that proves Xray has no watch of that
// name: a 404 in Xray's own shape from the watch's route, confirmed by the list of watches
// answering without that name. A 404 alone may be a router's, and is never taken as proof.
var ErrWatchNotFound = errors.New("watch not found")

// Watch is a whole watch object as Xray answers it, one raw JSON value per top-level field.
// It is kept raw so that a read-change-write sends back every field it did not change,
// including fields this client does not know, exactly as read: Xray's PUT replaces the whole
// watch, and a field left out is a field cleared.
type Watch map[string]json.RawMessage

// UncertainWriteError is a PUT whose answer was lost after the request may have reached Xray
// (a dropped connection, a proxy's 502): the watch may or may not hold the new body. The
// caller settles it by reading the watch back.
type UncertainWriteError struct{ Cause error }

func (e *UncertainWriteError) Error() string {
	return fmt.Sprintf("the answer to the watch update was lost, so Xray may or may not have stored it: %v", e.Cause)
}

func (e *UncertainWriteError) Unwrap() error { return e.Cause }

func watchPath(name string) string { return watchesPath + "/" + url.PathEscape(name) }

func projectQuery(projectKey string) url.Values {
	if projectKey == "" {
		return nil
	}
	return url.Values{"projectKey": {projectKey}}
}

// GetWatch reads one watch (projectKey "" is the global scope). A missing watch is an error
// matching ErrWatchNotFound only on proof (see confirmWatchGone).
func (c *Client) GetWatch(ctx context.Context, name, projectKey string) (Watch, error) {
	var w Watch
	err := c.do(ctx, http.MethodGet, watchPath(name), projectQuery(projectKey), nil, &w)
	if err != nil {
		return nil, c.confirmWatchGone(ctx, name, projectKey, err)
	}
	if w == nil { // the body was the JSON literal null
		return nil, fmt.Errorf("GET %s: the answer is not a watch object", watchPath(name))
	}
	return w, nil
}

// PutWatch replaces the whole watch with w. An answer lost after sending is an
// *UncertainWriteError; a proven-missing watch matches ErrWatchNotFound.
func (c *Client) PutWatch(ctx context.Context, name, projectKey string, w Watch) error {
	putCtx, tr := withTrace(ctx)
	err := c.do(putCtx, http.MethodPut, watchPath(name), projectQuery(projectKey), map[string]json.RawMessage(w), nil)
	if err == nil {
		return nil
	}
	if tr.ambiguous {
		return &UncertainWriteError{Cause: err}
	}
	return c.confirmWatchGone(ctx, name, projectKey, err)
}

// confirmWatchGone decides what a failed watch call means. Only a 404 in Xray's own shape can
// mean "no such watch", and then only if the list of watches (the same API, one more GET, paid
// only on this path) answers 200 without that name. Anything else, including a list that
// cannot be read, is returned as the error it is: undecided is never "gone".
func (c *Client) confirmWatchGone(ctx context.Context, name, projectKey string, err error) error {
	a, ok := absentAnswer(err)
	if !ok || !a.xrayNotFound() {
		return err
	}
	var list []struct {
		GeneralData struct {
			Name string `json:"name"`
		} `json:"general_data"`
	}
	if listErr := c.do(ctx, http.MethodGet, watchesPath, projectQuery(projectKey), nil, &list); listErr != nil {
		return fmt.Errorf("%w (and the list of watches, which would tell a missing watch from a missing route, failed: %v)", err, listErr)
	}
	for _, w := range list {
		if w.GeneralData.Name == name {
			return fmt.Errorf("%w, yet Xray lists a watch named %q: try again", err, name)
		}
	}
	return fmt.Errorf("%w: Xray has no watch named %q (%v)", ErrWatchNotFound, name, err)
}
