package xray

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

const integrationsPath = "/xray/api/v1/ticketing/jira-integrations"

// MinVersionJira is the first Xray with the Jira integration endpoints.
const MinVersionJira = "3.129.0"

// JiraIntegration is the body of create and update, and (without Password) of read.
type JiraIntegration struct {
	ConnectionName string `json:"connection_name"`
	// AuthType is left out of a body when empty: an update that does not change it omits it,
	// so an imported OAuth integration can be updated (the API accepts only "basic" here).
	AuthType         string `json:"auth_type,omitempty"`
	Username         string `json:"username"`
	Password         string `json:"password,omitempty"`
	InstallationType string `json:"installation_type"`
	JiraServerURL    string `json:"jira_server_url"`
	SkipProxy        bool   `json:"skip_proxy"`
}

// String never prints the password, so a JiraIntegration can be logged or put in an error.
func (j JiraIntegration) String() string {
	return fmt.Sprintf("{connection_name:%q auth_type:%q username:%q installation_type:%q jira_server_url:%q skip_proxy:%t}",
		j.ConnectionName, j.AuthType, j.Username, j.InstallationType, j.JiraServerURL, j.SkipProxy)
}

// differences names the fields, other than the password that Xray never returns, in which
// two integrations disagree. A jira_server_url Xray spells differently (a trailing slash, case,
// a default port) is the same URL, by the rule drift detection uses.
func (j JiraIntegration) differences(other JiraIntegration) []string {
	var diff []string
	add := func(name string, same bool) {
		if !same {
			diff = append(diff, name)
		}
	}
	add("auth_type", j.AuthType == other.AuthType)
	add("username", j.Username == other.Username)
	add("installation_type", j.InstallationType == other.InstallationType)
	add("jira_server_url", EquivalentURLs(j.JiraServerURL, other.JiraServerURL))
	add("skip_proxy", j.SkipProxy == other.SkipProxy)
	return diff
}

// CreateJiraIntegration creates an integration. Xray contacts Jira during the call and answers
// 400 when it cannot connect with these credentials.
//
// A create runs to its answer even when ctx is cancelled (Ctrl-C): the attempt on the wire may
// store the integration, and the caller must learn whether it did. Backoff still stops, and no
// new attempt starts, once ctx is done.
//
// When an attempt may have been stored although its answer was lost (a proxy's 503, a dropped
// connection, a cancelled retry), the outcome is checked with a read: an integration that
// matches the request is this create's own and counts as success; one that does not is a
// conflict the user has to resolve by importing it or choosing another connection_name.
//
// Via names the route an earlier process proved on this server (the plan's). Without one, and
// while no route is proven here, one create starts a read of its new integration that proves it
// (proveRoute, in the background), so that RouteHint can name it for later creates.
func (c *Client) CreateJiraIntegration(ctx context.Context, in JiraIntegration, opts ...CallOption) error {
	postCtx, tr := withTrace(runToAnswer(ctx)) // the POST's attempts alone, not the follow-ups'
	err := c.do(postCtx, http.MethodPost, integrationsPath, nil, in, nil)
	if err == nil {
		c.proveRoute(ctx, in.ConnectionName, opts)
		return nil
	}
	if _, ok := absentAnswer(err); ok {
		// The create route is the same for both routes' styles: a 404 or 405 here always
		// means the server has no Jira integration API at this URL.
		return c.explainMissingRoute(ctx, err, MinVersionJira, "the Jira integration API")
	}
	if !tr.ambiguous {
		// Refused: nothing was stored, so the follow-up may stop on Ctrl-C like any read.
		return c.explainRefusedCreate(ctx, in.ConnectionName, err)
	}
	// Detached from cancellation: after Ctrl-C this read decides whether the state learns of
	// an integration that now exists on the server.
	stored, getErr := c.GetJiraIntegration(context.WithoutCancel(ctx), in.ConnectionName)
	if getErr != nil {
		return err
	}
	if diff := stored.differences(in); len(diff) > 0 {
		return &ConflictError{Name: in.ConnectionName, Fields: diff, Cause: err}
	}
	return nil
}

// explainRefusedCreate looks, after Xray refused a create, whether the name is taken: Xray's text
// for a duplicate is not documented, so the answer alone cannot say. A refused create stored
// nothing, so an integration by that name is someone else's (NameTakenError). The read costs a
// request only on a failed create.
func (c *Client) explainRefusedCreate(ctx context.Context, name string, err error) error {
	switch StatusCode(err) {
	case http.StatusBadRequest, http.StatusConflict, http.StatusInternalServerError:
	default:
		return err
	}
	if _, getErr := c.GetJiraIntegration(ctx, name); getErr != nil {
		return err
	}
	return &NameTakenError{Name: name, Cause: err}
}

// NameTakenError is a create that Xray refused while it holds an integration of that name.
type NameTakenError struct {
	Name  string
	Cause error
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("%v. Xray already has an integration named %q, which this resource does not manage, so nothing was "+
		"created or changed", e.Cause, e.Name)
}

func (e *NameTakenError) Unwrap() error { return e.Cause }

// ConflictError is a create whose outcome was uncertain and after which the server holds an
// integration of that name that differs from the request.
type ConflictError struct {
	Name   string
	Fields []string
	Cause  error
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("after %v, Xray holds an integration named %q whose %s differ from the configuration; "+
		"import it (terraform import, or an import block with id = %q) or choose another connection_name",
		e.Cause, e.Name, strings.Join(e.Fields, ", "), e.Name)
}

func (e *ConflictError) Unwrap() error { return e.Cause }

// GetJiraIntegration reads one integration. A missing one gives an error matching ErrNotFound,
// but only once a route known to exist has said so (route.go). RouteHint then says which route
// served it, for Via in a later process.
func (c *Client) GetJiraIntegration(ctx context.Context, name string, opts ...CallOption) (*JiraIntegration, error) {
	var outs [len(bothRoutes)]JiraIntegration // one per route: a discovery asks both at once
	r, err := c.onRoute(ctx, newRouteCall(c.readInto(name, &outs), opts))
	if errors.Is(err, ErrRouteMissing) {
		return nil, c.explainMissingRoute(ctx, err, MinVersionJira, "the Jira integration API")
	}
	if err != nil {
		return nil, err
	}
	return &outs[r.slot()], nil
}

// readInto is the read of one integration on each route, decoding into that route's slot; with
// outs nil it only asks whether the route answers (an update's discovery).
func (c *Client) readInto(name string, outs *[len(bothRoutes)]JiraIntegration) func(context.Context, Route) error {
	one := integrationsPath + "/" + url.PathEscape(name)
	return func(ctx context.Context, r Route) error {
		path := one
		if r == RouteDocumented {
			path = one + "/details"
		}
		if outs == nil {
			return c.do(ctx, http.MethodGet, path, nil, nil, nil)
		}
		outs[r.slot()] = JiraIntegration{}
		return c.do(ctx, http.MethodGet, path, nil, nil, &outs[r.slot()])
	}
}

// JiraIntegrationExists reports whether Xray has an integration by that name, on the same terms
// as GetJiraIntegration. It is made for names that are usually free (the plan's check of a new
// integration): while the routes are unknown, its discovery starts the version look-up beside
// both reads and waits for it only when both reads answered Xray's own not-found, so the check
// costs one round trip; on a server whose routes both answer a missing name alike, one route's
// not-found is taken as free.
func (c *Client) JiraIntegrationExists(ctx context.Context, name string, opts ...CallOption) (bool, error) {
	rc := newRouteCall(c.readInto(name, nil), opts)
	rc.checkFree = true
	_, err := c.onRoute(ctx, rc)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	case errors.Is(err, ErrRouteMissing):
		return false, c.explainMissingRoute(ctx, err, MinVersionJira, "the Jira integration API")
	}
	return false, err
}

// UpdateJiraIntegration changes an integration in place. An empty Password is left out of the
// body, and Xray keeps the stored one. A missing integration gives an error matching ErrNotFound,
// on the same terms as GetJiraIntegration. While the routes are unknown (and no Via hint names
// one) they are learnt with reads, never by sending the update to both routes.
func (c *Client) UpdateJiraIntegration(ctx context.Context, in JiraIntegration, opts ...CallOption) error {
	rc := newRouteCall(c.readInto(in.ConnectionName, nil), opts)
	rc.write = func(ctx context.Context, r Route) error {
		path := integrationsPath // observed: the name is in the body
		if r == RouteDocumented {
			path += "/" + url.PathEscape(in.ConnectionName)
		}
		return c.do(ctx, http.MethodPut, path, nil, in, nil)
	}
	_, err := c.onRoute(ctx, rc)
	if errors.Is(err, ErrRouteMissing) {
		return c.explainMissingRoute(ctx, err, MinVersionJira, "the Jira integration API")
	}
	return err
}

// DeleteJiraIntegration removes an integration. A missing one gives an error matching
// ErrNotFound, which callers that only want it gone treat as success.
//
// Both routes' styles delete on the same path, so a 404 or 405 there cannot be checked against
// the other route: a read (with its own discovery) says whether the integration is really gone.
// Only then is the 404 taken as "gone"; an integration that is still there means the server
// has no delete route here.
func (c *Client) DeleteJiraIntegration(ctx context.Context, name string, opts ...CallOption) error {
	err := c.do(ctx, http.MethodDelete, integrationsPath+"/"+url.PathEscape(name), nil, nil, nil)
	if _, ok := absentAnswer(err); !ok {
		return err
	}
	_, getErr := c.GetJiraIntegration(ctx, name, opts...)
	switch {
	case errors.Is(getErr, ErrNotFound):
		return gone(err)
	case getErr == nil:
		return c.explainMissingRoute(ctx, err, MinVersionJira, "deleting Jira integrations")
	default:
		return getErr
	}
}
