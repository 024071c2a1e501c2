package xray

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
)

// The token-exchange values JFrog Access expects (RFC 8693).
const (
	oidcGrantType        = "urn:ietf:params:oauth:grant-type:token-exchange"
	oidcSubjectTokenType = "urn:ietf:params:oauth:token-type:id_token"
	oidcTokenPath        = "/access/api/v1/oidc/token"
)

// OIDCError is a refused or failed token exchange. It never holds the ID token.
type OIDCError struct {
	ProviderName string
	StatusCode   int    // 0 when no answer came
	Message      string // the platform's own error text, or what went wrong
	cause        error  // the transport error, when no answer came
}

func (e *OIDCError) Unwrap() error { return e.cause }

func (e *OIDCError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("the OIDC token exchange with provider %q failed: %s", e.ProviderName, e.Message)
	}
	return fmt.Sprintf("the JFrog platform refused the OIDC token exchange with provider %q: HTTP %d: %s", e.ProviderName, e.StatusCode, e.Message)
}

// ExchangeOIDCToken trades a CI system's ID token for a JFrog access token at
// POST {cfg.URL}/access/api/v1/oidc/token, using the OIDC integration providerName. It uses
// cfg's URL, HTTPClient, UserAgent, Logger and retry settings; cfg.AccessToken is not needed.
func ExchangeOIDCToken(ctx context.Context, cfg Config, providerName, idToken string) (string, error) {
	base, err := ParseBaseURL(cfg.URL)
	if err != nil {
		return "", err
	}
	cfg = cfg.withDefaults()
	body, err := json.Marshal(map[string]string{
		"grant_type": oidcGrantType, "subject_token_type": oidcSubjectTokenType,
		"subject_token": idToken, "provider_name": providerName,
	})
	if err != nil {
		return "", err
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, base.String()+oidcTokenPath, body)
	if err != nil {
		return "", &OIDCError{ProviderName: providerName, Message: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", cfg.UserAgent)
	logf := func(ctx context.Context, msg string, fields map[string]any) {
		if cfg.Logger != nil {
			cfg.Logger.Debug(ctx, msg, fields)
		}
	}
	resp, err := newRetryingClient(cfg, cfg.HTTPClient, logf).Do(req)
	if err != nil {
		return "", &OIDCError{ProviderName: providerName, Message: redact(unwrapURLError(err).Error(), idToken), cause: err}
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return "", &OIDCError{ProviderName: providerName, StatusCode: resp.StatusCode, Message: "reading the answer: " + err.Error()}
	}
	if resp.StatusCode != http.StatusOK {
		msg := newAPIError(http.MethodPost, oidcTokenPath, resp.StatusCode, data).Message
		if msg == "" {
			msg = excerpt(data)
		}
		return "", &OIDCError{ProviderName: providerName, StatusCode: resp.StatusCode, Message: redact(msg, idToken)}
	}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &out); err != nil || strings.TrimSpace(out.AccessToken) == "" {
		return "", &OIDCError{ProviderName: providerName, StatusCode: resp.StatusCode, Message: "the answer has no access_token"}
	}
	return strings.TrimSpace(out.AccessToken), nil
}

// GitHubIDToken asks GitHub Actions for the job's ID token: GET requestURL (with &audience=
// when audience is set), bearer requestToken, and the JSON answer's "value". httpClient should
// not carry the platform's TLS options: the endpoint is GitHub's, not JFrog's.
func GitHubIDToken(ctx context.Context, httpClient *http.Client, requestURL, requestToken, audience string) (string, error) {
	u, err := url.Parse(requestURL)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return "", fmt.Errorf("ACTIONS_ID_TOKEN_REQUEST_URL cannot be parsed: %w", err)
	}
	if audience != "" {
		q := u.Query()
		q.Set("audience", audience)
		u.RawQuery = q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("building the GitHub Actions ID token request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+requestToken)
	req.Header.Set("Accept", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("requesting the GitHub Actions ID token from %s: %v", u.Redacted(), redact(unwrapURLError(err).Error(), requestToken))
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return "", fmt.Errorf("reading the GitHub Actions ID token answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GitHub Actions refused the ID token request: HTTP %d: %s (does the job have `permissions: id-token: write`?)", resp.StatusCode, excerpt(data))
	}
	var out struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.Value == "" {
		return "", errors.New("the GitHub Actions ID token answer has no value")
	}
	return out.Value, nil
}

// redact removes a secret from a message that may echo it.
func redact(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "[redacted]")
}
