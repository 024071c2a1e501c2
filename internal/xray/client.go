// Package xray is a typed client for the JFrog Xray REST endpoints that manage Jira integrations.
//
// It imports nothing from Terraform: the provider adapts it, and other tools could use it as is.
package xray

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/sync/singleflight"
)

// Defaults chosen so that a down server fails within about 10 s (6 retries with jittered
// exponential waits from 0.2 s, capped at 4 s) while a briefly overloaded one is ridden out.
// The short start and low cap keep the unlucky resource that meets several transient faults in
// a row from holding up a whole apply (measured in BENCHMARKS.md).
const (
	DefaultRequestTimeout = 60 * time.Second
	DefaultRetryMax       = 6
	DefaultRetryWaitMin   = 200 * time.Millisecond
	DefaultRetryWaitMax   = 4 * time.Second
)

// maxIdleConnsPerHost covers Terraform's parallelism with room to spare.
const maxIdleConnsPerHost = 32

// Config holds what a Client needs. URL and AccessToken are required.
type Config struct {
	// URL is the JFrog platform URL, such as https://acme.jfrog.io; Xray lives below /xray.
	URL string
	// AccessToken is sent as a bearer token. It must belong to an Xray admin.
	AccessToken string
	// UserAgent names the calling program and its version.
	UserAgent string
	// RequestTimeout bounds one attempt, including reading the answer. Create and update
	// contact Jira while the caller waits, so this is generous by default.
	RequestTimeout time.Duration
	// RetryMax is how many times a request is retried after a connection error, 429, 502, 503
	// or 504. Zero means DefaultRetryMax; a negative value disables retries.
	RetryMax     int
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// HTTPClient is the underlying client. Nil means a pooled client whose keep-alive
	// connections are reused across all resources that share this Client; NewHTTPClient
	// builds the same with TLS options.
	HTTPClient *http.Client
	// Logger receives one line per attempt, with its answer's status or its error; nil logs
	// nothing (and costs nothing). It never receives bodies or headers.
	Logger Logger
	// URLSource names where URL came from, such as "the url attribute" or "the JFROG_URL
	// environment variable", for errors that advise changing it. Empty means "the provider's url".
	URLSource string
}

// Logger is the narrow logging interface the client needs; the provider adapts tflog to it.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// ContextIsolator is a Logger whose logging state lives in the context and must not be shared
// with a goroutine that outlives the call: the client hands a detached look-up (the version) the
// context Isolate returns, made in the caller's goroutine.
type ContextIsolator interface {
	Isolate(ctx context.Context) context.Context
}

// Client talks to one Xray server. It is safe for concurrent use.
type Client struct {
	baseURL *url.URL
	// header holds what every request carries: the token, the user agent and Accept. Each
	// request sends a copy of it (do).
	header  http.Header
	timeout time.Duration
	http    *retryablehttp.Client
	// urlSource is Config.URLSource, quoted by errors that advise changing the URL.
	urlSource string
	logger    Logger

	// The docs and live servers disagree on the read and update paths (DESIGN.md). What the
	// server has is learnt from its answers and kept for the client's lifetime (route.go).
	routes routeMemo

	// version, once read, explains missing routes and settles 404s from both routes
	// (xrayVersion); versionFlight is the one look-up in flight.
	version        atomic.Pointer[Version]
	versionFailure atomic.Pointer[versionFailure] // the last failed look-up (xrayVersion)
	versionFlight  singleflight.Group
}

// NewClient validates cfg and returns a ready client. It makes no request.
func NewClient(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	// A token pasted with a trailing newline would make every request fail on a bad header.
	cfg.AccessToken = strings.TrimSpace(cfg.AccessToken)
	if cfg.AccessToken == "" {
		return nil, errors.New("the access token is empty")
	}
	cfg = cfg.withDefaults()
	header := http.Header{}
	header.Set("Authorization", "Bearer "+cfg.AccessToken)
	header.Set("User-Agent", cfg.UserAgent)
	header.Set("Accept", "application/json")
	c := &Client{baseURL: base, header: header, timeout: cfg.RequestTimeout, urlSource: cfg.URLSource, logger: cfg.Logger}
	c.http = newRetryingClient(cfg, cfg.HTTPClient, "Xray")
	return c, nil
}

// withDefaults fills in what cfg leaves out.
func (cfg Config) withDefaults() Config {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	switch {
	case cfg.RetryMax == 0:
		cfg.RetryMax = DefaultRetryMax
	case cfg.RetryMax < 0:
		cfg.RetryMax = 0
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-xray"
	}
	if cfg.HTTPClient == nil {
		// Terraform runs up to -parallelism (10 by default) operations at once against one
		// Xray; pooledTransport keeps a keep-alive connection for each of them.
		cfg.HTTPClient = &http.Client{Transport: pooledTransport(), CheckRedirect: refuseRedirects}
	}
	return cfg
}

// ParseBaseURL checks that raw is an absolute http(s) URL with a host and returns it without a
// trailing slash, so that API paths can be appended.
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return nil, errors.New("the URL is empty: it must start with https:// or http://, for example https://acme.jfrog.io")
	case !strings.Contains(raw, "://"):
		// "127.0.0.1:8081" would fail with url.Parse's "first path segment in URL cannot
		// contain colon", and "acme.jfrog.io" parse as a path: say what is missing instead.
		shown := redactUserinfo(raw)
		return nil, fmt.Errorf("the URL %q has no scheme: it must start with https:// or http://. Add https:// "+
			"(http:// only for a platform that serves plain HTTP): https://%s", shown, strings.TrimLeft(shown, "/"))
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the whole input, which may hold credentials: keep only the reason.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("the URL cannot be parsed: %w", err)
	}
	// Redacted hides a password in the URL, so the error that rejects it does not print it.
	shown := u.Redacted()
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("the URL %q must start with https:// or http://", shown)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("the URL %q has no host", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("the URL %q must be a plain platform URL, without credentials, query or fragment", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// redactUserinfo hides "user:password@" in a URL that url.Parse cannot read.
func redactUserinfo(raw string) string {
	host, _, _ := strings.Cut(raw, "/")
	if i := strings.LastIndex(host, "@"); i >= 0 {
		return "xxxxx" + raw[i:]
	}
	return raw
}
