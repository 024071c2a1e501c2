package xray

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"
)

// MinVersionStatus is the first Xray with the integration status endpoint.
const MinVersionStatus = "3.136.0"

// Integration statuses returned by the status endpoint.
const (
	StatusHealthy             = "HEALTHY_INTEGRATION"
	StatusFaultyConfiguration = "FAULTY_CONFIGURATION"
	StatusNotFound            = "INTEGRATION_NOT_FOUND"
	StatusInternalError       = "INTERNAL_SERVER_ERROR"
)

// IntegrationStatus is Xray's latest check of an integration's connection to Jira.
type IntegrationStatus struct {
	Status          string `json:"status"`
	Reason          string `json:"reason"`
	Time            string `json:"time"`
	IntegrationName string `json:"integration_name"`
}

// GetIntegrationStatus asks Xray (3.136 or later) whether an integration can reach Jira.
// A broken configuration is a 200 with StatusFaultyConfiguration, not an error.
func (c *Client) GetIntegrationStatus(ctx context.Context, name string) (*IntegrationStatus, error) {
	var out IntegrationStatus
	q := url.Values{"integrationName": {name}}
	err := c.do(ctx, http.MethodGet, "/xray/api/v1/ticketing/integrations/status/check", q, nil, &out)
	if _, ok := absentAnswer(err); ok {
		// One route for every Xray, and a missing integration is a 200 with
		// StatusNotFound: a 404 or 405 means the server has no status check.
		return nil, c.explainMissingRoute(ctx, err, MinVersionStatus, "the integration status check")
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Version is Xray's own version report.
type Version struct {
	XrayVersion  string `json:"xray_version"`
	XrayRevision string `json:"xray_revision"`
}

// GetVersion reads Xray's version. A successful answer is kept for the client's lifetime, so a
// caller that reads it (the provider's start-up check of an exchanged token) spares the client
// asking again when it needs the version to explain a missing route.
func (c *Client) GetVersion(ctx context.Context) (*Version, error) {
	var out Version
	if err := c.do(ctx, http.MethodGet, "/xray/api/v1/system/version", nil, nil, &out); err != nil {
		return nil, err
	}
	c.version.Store(&out)
	return &out, nil
}

// VersionError says that the server's Xray is too old for an endpoint.
type VersionError struct {
	Have, Need, Feature string
	Cause               error
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("this server runs Xray %s, but %s needs Xray %s or later; upgrade Xray (%v)", e.Have, e.Feature, e.Need, e.Cause)
}

func (e *VersionError) Unwrap() error { return e.Cause }

// xrayVersion is the version once read, or the one look-up in flight, which every caller that
// needs the version joins. The look-up is one request with the client's retries, detached from
// whoever started it, so it ends within one request's timeout and retries whatever its callers
// do; each caller stops waiting when its own context ends. Only a successful answer is kept. A
// failed look-up is tried again the next time the version is needed, except by a call that began
// before it failed (began): that failure is its answer too, so no call waits for the version
// twice, as a call would that waited for another's discovery and then asked for itself.
func (c *Client) xrayVersion(ctx context.Context, began time.Time) (*Version, error) {
	if v, err, settled := c.settledVersion(began); settled {
		return v, err
	}
	select {
	case r := <-c.startVersionLookup(ctx):
		if r.Err != nil {
			return nil, r.Err
		}
		v, _ := r.Val.(*Version) // GetVersion's only value
		return v, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("cancelled while reading Xray's version: %w", ctx.Err())
	}
}

// prefetchVersion starts the look-up, unless xrayVersion would not need it, and waits for nothing.
func (c *Client) prefetchVersion(ctx context.Context, began time.Time) {
	if _, _, settled := c.settledVersion(began); !settled {
		c.startVersionLookup(ctx)
	}
}

// settledVersion is what xrayVersion answers without a look-up: the version once read, or a
// failure since began.
func (c *Client) settledVersion(began time.Time) (v *Version, err error, settled bool) {
	if v := c.version.Load(); v != nil {
		return v, nil, true
	}
	if f := c.versionFailure.Load(); f != nil && f.at.After(began) {
		return nil, f.err, true
	}
	return nil, nil, false
}

// versionFailure is a version look-up that failed, and when.
type versionFailure struct {
	err error
	at  time.Time
}

// startVersionLookup joins the look-up in flight or starts one, and returns its answer's channel.
func (c *Client) startVersionLookup(ctx context.Context) <-chan singleflight.Result {
	detached := context.WithoutCancel(ctx)
	if iso, ok := c.logger.(ContextIsolator); ok {
		detached = iso.Isolate(detached)
	}
	return c.versionFlight.DoChan("", func() (any, error) {
		if v := c.version.Load(); v != nil {
			// The look-up before this one answered after the caller looked: no request.
			return v, nil
		}
		v, err := c.GetVersion(detached)
		if err != nil {
			c.versionFailure.Store(&versionFailure{err: err, at: time.Now()})
		}
		return v, err
	})
}

// explainMissingRoute turns "no such endpoint" into "your Xray is too old" when that is the
// reason, and otherwise into a MissingRouteError that shows the URL requested. The happy path
// never asks for the version.
func (c *Client) explainMissingRoute(ctx context.Context, err error, need, feature string) error {
	if !errors.Is(err, ErrRouteMissing) {
		err = routeMissing(err)
	}
	if v, vErr := c.xrayVersion(ctx, time.Now()); vErr == nil && versionLess(v.XrayVersion, need) {
		return &VersionError{Have: v.XrayVersion, Need: need, Feature: feature, Cause: err}
	}
	missing := &MissingRouteError{Feature: feature, Need: need, BasePath: c.baseURL.Path, Cause: err}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		u := *c.baseURL
		missing.URL = u.String() + apiErr.Path
	}
	return missing
}

// MissingRouteError is an endpoint the server does not have, on an Xray that is not known to be
// too old for it: most often a url with a path (such as /xray) or one that is not the platform's.
type MissingRouteError struct {
	Feature, Need string
	// URL is the URL that was requested; BasePath is the path of the provider's url.
	URL, BasePath string
	Cause         error
}

func (e *MissingRouteError) Error() string {
	msg := fmt.Sprintf("the server has no route for %s: %v. The request went to %s", e.Feature, e.Cause, e.URL)
	if e.BasePath != "" {
		msg += fmt.Sprintf(". The provider's url has the path %q, but the provider adds /xray/api/... itself: "+
			"url is usually the platform's root, such as https://acme.jfrog.io", e.BasePath)
	}
	return msg + fmt.Sprintf(". Check that url is the JFrog platform URL and that Xray is %s or later", e.Need)
}

func (e *MissingRouteError) Unwrap() error { return e.Cause }

// versionLess compares dotted numeric versions; a part that is not a number counts as 0.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		x, y := part(pa, i), part(pb, i)
		if x != y {
			return x < y
		}
	}
	return false
}

func part(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(parts[i]))
	return n
}
