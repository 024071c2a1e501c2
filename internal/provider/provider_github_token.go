package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// gitHubIDToken asks GitHub Actions for the job's ID token: GET requestURL (with &audience= when
// audience is set), bearer requestToken, and the JSON answer's "value".
//
// It goes through the API client's transport (xray.GetJSON) with base's timeouts, retries and
// logger, so a stalled or failing endpoint cannot hang Configure, no redirect is followed and
// the answer is read up to the client's limit. Only the HTTP client differs: GitHub's endpoint is
// not the JFrog platform, so the platform's TLS options do not apply to it; proxies do.
func gitHubIDToken(ctx context.Context, base xray.Config, requestURL, requestToken, audience string) (string, error) {
	u, err := url.Parse(requestURL)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return "", fmt.Errorf("%s cannot be parsed: %w", actionsRequestURLEnvVar, err)
	}
	if err := checkActionsRequestURL(u); err != nil {
		return "", err
	}
	if audience != "" {
		q := u.Query()
		q.Set("audience", audience)
		u.RawQuery = q.Encode()
	}
	cfg := base
	// The client's own HTTP client without TLS options: pooled, proxies from the environment,
	// redirects refused. It cannot fail without TLS options.
	httpClient, err := xray.NewHTTPClient(xray.TLSOptions{})
	if err != nil {
		return "", err
	}
	cfg.HTTPClient = httpClient
	header := http.Header{}
	header.Set("Authorization", "Bearer "+requestToken)
	var out struct {
		Value string `json:"value"`
	}
	err = xray.GetJSON(ctx, cfg, "GitHub Actions", u.String(), header, &out)
	var redirect *xray.RedirectError
	switch {
	case errors.As(err, &redirect):
		return "", fmt.Errorf("GitHub Actions' token endpoint answered with a redirect (HTTP %d) to %s; the provider does not follow it, "+
			"so the request token went nowhere else. Check %s", redirect.StatusCode, redirect.Location, actionsRequestURLEnvVar)
	case xray.StatusCode(err) != 0:
		return "", fmt.Errorf("GitHub Actions refused the ID token request: %w (does the job have `permissions: id-token: write`?)", err)
	case err != nil:
		return "", err
	case out.Value == "":
		return "", errors.New("the GitHub Actions ID token answer has no value")
	}
	return out.Value, nil
}
