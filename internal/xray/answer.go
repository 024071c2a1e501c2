package xray

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// exchange is one logical request (with retries) and the reading of its answer. It is the one
// place where answers are read, for Xray's API, the OIDC token exchange and GitHub Actions'
// ID-token endpoint alike, so that all of them share the retry and timeout policy, the refusal
// of redirects and the body-size limit.
type exchange struct {
	rc     *retryablehttp.Client
	method string
	url    *url.URL
	// path is what an *APIError names: the API path as the caller knows it.
	path string
	// header becomes the request's header as it is, so each exchange needs a header of its own
	// (do and GetJSON copy one, the OIDC exchange builds one): the request's attempts share it.
	header http.Header
	body   []byte // nil for no body
	// peer names who should have answered, for a request that got no answer ("Xray").
	peer string
	// urlSource names where the URL came from, for messages that say to change it.
	urlSource string
	timeout   time.Duration
}

// readFailure is an answer whose body could not be read: the server may have acted on the
// request, so callers treat it as a request without an answer.
type readFailure struct{ err error }

func (e *readFailure) Error() string { return "reading the answer: " + e.err.Error() }
func (e *readFailure) Unwrap() error { return e.err }

// run sends the request and decodes a 2xx JSON answer into out, if out is not nil. A redirect
// becomes a *RedirectError, any other non-2xx answer an *APIError, and a request that got no
// answer (or whose answer could not be read) a *TransportError. Errors never contain headers or
// bodies of the request, which carry the secrets.
func (x exchange) run(ctx context.Context, out any) error {
	var payload any
	if x.body != nil {
		payload = x.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, x.method, x.url.String(), payload)
	if err != nil {
		return fmt.Errorf("building the %s %s request: %w", x.method, x.path, err)
	}
	req.Header = x.header
	resp, err := x.rc.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return fmt.Errorf("%s %s was cancelled: %w", x.method, x.path, err)
		}
		return x.transportError(err)
	}
	defer func() { _ = resp.Body.Close() }()
	err = x.decode(resp, out)
	var rf *readFailure
	if errors.As(err, &rf) {
		return x.transportError(err)
	}
	return err
}

func (x exchange) decode(resp *http.Response, out any) error {
	if isRedirect(resp) {
		return newRedirectError(x.method, x.url, resp, x.urlSource)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return &readFailure{err}
	}
	if len(data) > maxBodyBytes {
		return fmt.Errorf("%s %s: HTTP %d with a body larger than %d bytes: not an answer of %s", x.method, x.path, resp.StatusCode, maxBodyBytes, x.peer)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(x.method, x.path, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &undecodableAnswer{method: x.method, path: x.path, status: resp.StatusCode, err: err, excerpt: excerpt(data)}
	}
	return nil
}

// undecodableAnswer is a 2xx answer whose body is not the expected JSON.
type undecodableAnswer struct {
	method, path string
	status       int
	err          error
	excerpt      string
}

func (e *undecodableAnswer) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with a body that is not the expected JSON (%v): %s", e.method, e.path, e.status, e.err, e.excerpt)
}

func (x exchange) transportError(err error) *TransportError {
	return &TransportError{Method: x.method, URL: shownURL(x.url), Err: err, Timeout: x.timeout, Peer: x.peer, URLSource: x.urlSource}
}

// shownURL is u as errors may show it: without credentials or query, which may hold secrets.
func shownURL(u *url.URL) string {
	v := *u
	v.User, v.RawQuery, v.Fragment = nil, "", ""
	return v.String()
}

// GetJSON is the client's transport for an endpoint that is not Xray's, such as GitHub Actions'
// ID-token endpoint: GET rawURL with header and decode a 2xx JSON answer into out. It has cfg's
// request timeout and retries (connection errors, 429, 502, 503, 504), follows no redirect and
// reads at most 1 MiB. peer names the endpoint's owner in errors; header is never shown in
// them, nor is the URL's query. Non-2xx answers are *APIError, with the URL's path as Path.
func GetJSON(ctx context.Context, cfg Config, peer, rawURL string, header http.Header, out any) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return fmt.Errorf("the URL cannot be parsed: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("the URL %q is not an absolute http(s) URL", shownURL(u))
	}
	cfg = cfg.withDefaults()
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Accept", "application/json")
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", cfg.UserAgent)
	}
	return exchange{
		rc: newRetryingClient(cfg, cfg.HTTPClient, peer), method: http.MethodGet, url: u, path: u.Path,
		header: h, peer: peer, timeout: cfg.RequestTimeout,
	}.run(ctx, out)
}
