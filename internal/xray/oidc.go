package xray

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
	cause        error  // the transport or redirect error, when no answer came
}

func (e *OIDCError) Unwrap() error { return e.cause }

func (e *OIDCError) Error() string {
	switch {
	case e.cause != nil && IsCertificateError(e.cause):
		// The certificate problem is the news; the exchange is where it happened.
		return fmt.Sprintf("%s, so the OIDC token exchange with provider %q failed", e.Message, e.ProviderName)
	case e.StatusCode == 0:
		return fmt.Sprintf("the OIDC token exchange with provider %q failed: %s", e.ProviderName, e.Message)
	}
	return fmt.Sprintf("the JFrog platform refused the OIDC token exchange with provider %q: HTTP %d: %s", e.ProviderName, e.StatusCode, e.Message)
}

// ExchangeOIDCToken trades a CI system's ID token for a JFrog access token at
// POST {cfg.URL}/access/api/v1/oidc/token, using the OIDC integration providerName. It uses
// cfg's URL, HTTPClient, UserAgent, Logger, URLSource and retry settings; cfg.AccessToken is not
// needed. Like every request of the client, it follows no redirect: the ID token goes to the
// configured platform or nowhere.
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
	u := *base
	u.Path += oidcTokenPath
	header := http.Header{}
	header.Set("Content-Type", "application/json")
	header.Set("Accept", "application/json")
	header.Set("User-Agent", cfg.UserAgent)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	err = exchange{
		rc: newRetryingClient(cfg, cfg.HTTPClient, "Xray"), method: http.MethodPost, url: &u, path: oidcTokenPath,
		header: header, body: body, peer: "the JFrog platform", urlSource: cfg.URLSource, timeout: cfg.RequestTimeout,
	}.run(ctx, &out)
	var apiErr *APIError
	var undecodable *undecodableAnswer
	switch {
	case errors.As(err, &undecodable):
		return "", &OIDCError{ProviderName: providerName, StatusCode: undecodable.status, Message: "the answer has no access_token"}
	case errors.As(err, &apiErr):
		return "", &OIDCError{ProviderName: providerName, StatusCode: apiErr.StatusCode, Message: redact(apiErr.Message, idToken)}
	case err != nil:
		return "", &OIDCError{ProviderName: providerName, Message: redact(err.Error(), idToken), cause: err}
	case strings.TrimSpace(out.AccessToken) == "":
		return "", &OIDCError{ProviderName: providerName, StatusCode: http.StatusOK, Message: "the answer has no access_token"}
	}
	return strings.TrimSpace(out.AccessToken), nil
}

// redact removes a secret from a message that may echo it.
func redact(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "[redacted]")
}
