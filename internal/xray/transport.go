package xray

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// maxRetryAfter caps a server's Retry-After so that one answer cannot stall an apply for long.
const maxRetryAfter = 30 * time.Second

func newRetryingClient(cfg Config, base *http.Client, peer string) *retryablehttp.Client {
	// The underlying client gets a transport that bounds each attempt by the request timeout and,
	// for a create only, detaches the attempt from cancellation (see runToAnswer), and that logs
	// each attempt. Backoff stops and no new attempt starts once the request context is done
	// (retryablehttp watches it).
	inner := *base
	transport := inner.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	inner.Transport = &detachedTransport{next: transport, timeout: cfg.RequestTimeout, logMsg: peer + " API request", logger: cfg.Logger}
	// Whatever client the caller handed in, no request follows a redirect (see refuseRedirects).
	inner.CheckRedirect = refuseRedirects

	rc := retryablehttp.NewClient()
	rc.HTTPClient = &inner
	rc.Logger = nil // attempts are logged by detachedTransport, with the request context
	rc.RetryMax = cfg.RetryMax
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = checkRetry
	rc.Backoff = jitteredBackoff
	// Hand back the last answer as it is, so that its status and Xray's message reach the user
	// rather than a generic "giving up after N attempts".
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return rc
}

type runToAnswerKey struct{}

// runToAnswer marks a call whose attempts, once on the wire, run to their answer even after
// the caller's context is cancelled: a create, because aborting it mid-flight could leave an
// integration on the server that the state never learns of. Reads, updates and deletes are
// safe to repeat, so they stop as soon as the caller's context ends (Ctrl-C stops a refresh).
func runToAnswer(ctx context.Context) context.Context {
	return context.WithValue(ctx, runToAnswerKey{}, true)
}

// detachedTransport runs each attempt under its own timeout, ignores the caller's cancellation
// for calls marked with runToAnswer, and logs each attempt once it has its answer or error.
type detachedTransport struct {
	next    http.RoundTripper
	timeout time.Duration
	// logMsg and logger log one line per attempt at DEBUG: method, path, status or error, and
	// time taken. One line rather than one before and one after: every line a provider writes
	// is encoded by it and parsed by Terraform, whatever the log level Terraform shows.
	logMsg string
	logger Logger // nil: no line
}

func (t *detachedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	if detach, _ := parent.Value(runToAnswerKey{}).(bool); detach {
		parent = context.WithoutCancel(parent)
	}
	ctx, cancel := context.WithTimeout(parent, t.timeout)
	start := time.Now()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	t.log(req, resp, err, time.Since(start))
	if err != nil {
		cancel()
		return nil, err
	}
	// The timeout must also cover reading the body, so it is released only when the body closes.
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// log records one attempt. The error is the transport's, which names the method and URL (never
// a header or body, which carry the secrets).
func (t *detachedTransport) log(req *http.Request, resp *http.Response, err error, took time.Duration) {
	if t.logger == nil {
		return
	}
	fields := map[string]any{"http_method": req.Method, "http_path": req.URL.Path, "duration_ms": took.Milliseconds()}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["http_status"] = resp.StatusCode
	}
	t.logger.Debug(req.Context(), t.logMsg, fields)
}

// retryableStatus lists the answers that mean "try again later" from Xray or a proxy in front
// of it. A 500 is Xray's own "failed" and is not retried: repeating a create could double it.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if (err != nil && !neverSent(err)) || (err == nil && retryableStatus(resp.StatusCode)) {
		// The server may have acted on a request whose answer was lost or was a proxy's error.
		// (The trace is looked up only then: a look-up walks the whole context chain.)
		if t := traceFrom(ctx); t != nil {
			t.ambiguous = true
		}
	}
	if ctx.Err() != nil {
		// Cancelled: start nothing new, and hand back whatever the last attempt got, error or
		// answer, rather than the cancellation, which would hide a create that succeeded.
		return false, nil //nolint:nilerr // the attempt's own error reaches the caller through Do
	}
	if err != nil {
		if IsCertificateError(err) {
			// A certificate problem (an untrusted server, a client certificate the server
			// refuses) does not heal by asking again.
			return false, nil
		}
		if errors.Is(err, http.ErrSchemeMismatch) || notTLS(err) || isTLSAlert(err) {
			// https:// to a plain-HTTP server, or a TLS version or cipher the server refuses:
			// the next attempt would meet the same server.
			return false, nil
		}
		if isTimeout(err) {
			// A server that does not answer within the request timeout is not asked again:
			// the user gets a clear error now rather than after several more timeouts.
			return false, nil
		}
		// Connection refused, reset, EOF: retry, except for errors that cannot heal
		// (bad scheme, too many redirects, certificate problems), which the default policy knows.
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	return retryableStatus(resp.StatusCode), nil
}

// jitteredBackoff honours Retry-After on 429 and 503 (capped), and otherwise waits an
// exponentially growing time with jitter, so that parallel resources do not retry in lockstep.
// A Retry-After on any other status (a proxy's 502 or 504) is not a promise from Xray and gets
// the jittered wait like any other transient failure.
func jitteredBackoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if d, ok := serverWait(minWait, maxWait, attempt, resp); ok {
		return d
	}
	d := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, nil)
	return d/2 + rand.N(d/2+1)
}

// MeanBackoff is what jitteredBackoff waits on average, with the default waits, before the retry
// that follows the attempt-th failed attempt (from 0), which resp answered: the server's
// Retry-After where it is honoured, else the middle of the jitter's range. The benchmark's retry
// floor waits this long, so that it follows the client's policy rather than a copy of it.
func MeanBackoff(attempt int, resp *http.Response) time.Duration {
	if d, ok := serverWait(DefaultRetryWaitMin, DefaultRetryWaitMax, attempt, resp); ok {
		return d
	}
	return retryablehttp.DefaultBackoff(DefaultRetryWaitMin, DefaultRetryWaitMax, attempt, nil) * 3 / 4
}

// serverWait is the wait a 429 or 503 asks for with Retry-After (capped), if it asks for one.
func serverWait(minWait, maxWait time.Duration, attempt int, resp *http.Response) (time.Duration, bool) {
	if resp == nil || resp.Header.Get("Retry-After") == "" ||
		(resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	if d := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp); d > 0 {
		return min(d, maxRetryAfter), true
	}
	return 0, false
}

// IsProtocolMismatch reports a request that failed because the server does not speak what the
// URL's scheme asks for (https:// to a plain-HTTP server): its error says which side speaks what.
func IsProtocolMismatch(err error) bool {
	return errors.Is(err, http.ErrSchemeMismatch) || notTLS(err)
}

// notTLS reports a server that answered the TLS handshake with something that is not TLS.
func notTLS(err error) bool {
	var rh tls.RecordHeaderError
	return errors.As(err, &rh)
}

// isTLSAlert reports a TLS handshake the server ended with an alert (a protocol version or
// cipher it does not accept, a client certificate it refuses).
func isTLSAlert(err error) bool {
	var alert tls.AlertError
	return errors.As(err, &alert)
}

// hostOf is the host and port of a URL, for messages about the server at that address.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
