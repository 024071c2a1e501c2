package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// maxBodyBytes bounds what is read of any answer: Xray's are tiny, and a misbehaving proxy
// must not make the provider buffer an unbounded body.
const maxBodyBytes = 1 << 20

// do sends one logical request (with retries) and decodes a 2xx JSON answer into out, if out is
// not nil. Any other answer becomes an *APIError.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	if err := ctx.Err(); err != nil {
		// Cancelled before anything was sent: send nothing.
		return fmt.Errorf("%s %s was not sent: %w", method, path, err)
	}
	// path arrives escaped (names are path-escaped by the callers), so it is the raw path and
	// Path is its decoded form; url.URL then sends it exactly once-escaped.
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + path
	decoded, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return fmt.Errorf("building the %s %s request: %w", method, path, err)
	}
	u.Path = decoded
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the %s %s request: %w", method, path, err)
		}
		payload = b
	}
	header := c.header.Clone()
	if body != nil {
		header.Set("Content-Type", "application/json")
	}
	return exchange{
		rc: c.http, method: method, url: &u, path: path, header: header, body: payload,
		peer: "Xray", urlSource: c.urlSource, timeout: c.timeout,
	}.run(ctx, out)
}

// TransportError is a request that got no HTTP answer: connection refused, reset, timed out,
// a TLS handshake that failed.
type TransportError struct {
	Method string
	URL    string
	Err    error
	// Timeout is the per-attempt limit in force, quoted when that limit is what ended the call.
	Timeout time.Duration
	// Peer names who should have answered: "Xray" unless set.
	Peer string
	// URLSource names where the platform URL came from, for advice to change it.
	URLSource string
}

// Error puts the cause first when the cause alone says what is wrong: a certificate problem, or
// a server that does not speak the protocol the URL's scheme asks for.
func (e *TransportError) Error() string {
	peer := e.Peer
	if peer == "" {
		peer = "Xray"
	}
	cause := unwrapURLError(e.Err)
	switch {
	case IsCertificateError(e.Err):
		return fmt.Sprintf("TLS certificate problem: %v (%s %s got no answer from %s)", cause, e.Method, e.URL, peer)
	case errors.Is(e.Err, http.ErrSchemeMismatch):
		return fmt.Sprintf("the server at %s speaks plain HTTP, but the platform URL (from %s) starts with https://, so the "+
			"provider spoke TLS to it (%s %s). Use the platform's HTTPS address, or http:// if it really serves plain HTTP",
			hostOf(e.URL), urlSourceOrDefault(e.URLSource), e.Method, e.URL)
	case notTLS(e.Err):
		return fmt.Sprintf("the server at %s does not speak TLS, but the platform URL (from %s) starts with https:// (%s %s: %v). "+
			"Check the port, and the scheme: https:// for a TLS port, http:// for a plain one",
			hostOf(e.URL), urlSourceOrDefault(e.URLSource), e.Method, e.URL, cause)
	case isTimeout(e.Err):
		return fmt.Sprintf("no answer from %s for %s %s within the request timeout of %s: %v", peer, e.Method, e.URL, e.Timeout, cause)
	}
	return fmt.Sprintf("no answer from %s for %s %s: %v", peer, e.Method, e.URL, cause)
}

func (e *TransportError) Unwrap() error { return e.Err }

// unwrapURLError drops net/http's own "Post \"URL\":" prefix, which would repeat the URL.
func unwrapURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// xrayErrorBody covers both error shapes JFrog servers use: Xray's {"error": "..."} and the
// platform's (its router's and JFrog Access's) {"errors": [{"code": "...", "message": "..."}]}.
type xrayErrorBody struct {
	Error  *string `json:"error"`
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

func newAPIError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status}
	var parsed xrayErrorBody
	if json.Unmarshal(body, &parsed) == nil {
		switch {
		case parsed.Error != nil:
			e.Message, e.xrayShape = *parsed.Error, true
			return e
		case len(parsed.Errors) > 0:
			msgs := make([]string, 0, len(parsed.Errors))
			for _, m := range parsed.Errors {
				msgs = append(msgs, m.Message)
			}
			e.Message = strings.Join(msgs, "; ")
			return e
		}
	}
	e.Message = excerpt(body)
	return e
}

var (
	htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// excerpt turns a body that is not Xray's JSON (often a proxy's HTML page) into one short line.
func excerpt(body []byte) string {
	text := string(bytes.TrimSpace(body))
	if m := htmlTitle.FindStringSubmatch(text); m != nil {
		text = m[1]
	} else if strings.HasPrefix(text, "<") {
		text = htmlTag.ReplaceAllString(text, " ")
	}
	text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
	const limit = 200
	if r := []rune(text); len(r) > limit {
		text = string(r[:limit]) + "…"
	}
	return text
}
