package xray

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	if errors.Is(err, ErrRouteMissing) {
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

// GetVersion reads Xray's version.
func (c *Client) GetVersion(ctx context.Context) (*Version, error) {
	var out Version
	if err := c.do(ctx, http.MethodGet, "/xray/api/v1/system/version", nil, nil, &out); err != nil {
		return nil, err
	}
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

// explainMissingRoute turns "no such endpoint" into "your Xray is too old" when that is the
// reason. The happy path never asks for the version; this look-up happens at most once per client.
func (c *Client) explainMissingRoute(ctx context.Context, err error, need, feature string) error {
	c.versionOnce.Do(func() { c.version, c.versionErr = c.GetVersion(ctx) })
	if c.versionErr != nil || !versionLess(c.version.XrayVersion, need) {
		return err
	}
	return &VersionError{Have: c.version.XrayVersion, Need: need, Feature: feature, Cause: err}
}

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
