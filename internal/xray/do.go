package xray

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
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
	var payload any
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the %s %s request: %w", method, path, err)
		}
		payload = b
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), payload)
	if err != nil {
		return fmt.Errorf("building the %s %s request: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", c.agent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return fmt.Errorf("%s %s was cancelled: %w", method, path, err)
		}
		return c.transportError(method, path, err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return c.transportError(method, path, fmt.Errorf("reading the answer: %w", err))
	}
	if len(data) > maxBodyBytes {
		return fmt.Errorf("%s %s: HTTP %d with a body larger than %d bytes: not an Xray answer", method, path, resp.StatusCode, maxBodyBytes)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(method, path, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: HTTP %d with a body that is not the expected JSON (%v): %s",
			method, path, resp.StatusCode, err, excerpt(data))
	}
	return nil
}

func (c *Client) transportError(method, path string, err error) *TransportError {
	return &TransportError{Method: method, URL: c.baseURL.String() + path, Err: err, Timeout: c.timeout}
}

// TransportError is a request that got no HTTP answer: connection refused, reset, timed out.
type TransportError struct {
	Method string
	URL    string
	Err    error
	// Timeout is the per-attempt limit in force, quoted when that limit is what ended the call.
	Timeout time.Duration
}

func (e *TransportError) Error() string {
	if isTimeout(e.Err) {
		return fmt.Sprintf("no answer from Xray for %s %s within the request timeout of %s: %v", e.Method, e.URL, e.Timeout, unwrapURLError(e.Err))
	}
	return fmt.Sprintf("no answer from Xray for %s %s: %v", e.Method, e.URL, unwrapURLError(e.Err))
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
