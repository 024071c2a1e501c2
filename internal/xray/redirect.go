package xray

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// refuseRedirects is the CheckRedirect of every HTTP client the package uses: no redirect is
// followed, to another origin or the same one. The 3xx answer itself comes back to the caller,
// which reports it as a *RedirectError (see DESIGN.md, "Redirects").
//
// Go's own policy would resend the access token when only the scheme or port changes (so an
// HTTPS platform redirecting to http:// would get it in clear text), resend the body with the
// Jira password on a 307 or 308 to any host, and turn a POST into a GET on a 301, 302 or 303,
// which would make a create that stored nothing look like a success. Xray's API does not
// redirect, so a redirect means the url is not the platform's address.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func isRedirect(resp *http.Response) bool {
	return resp.StatusCode >= 300 && resp.StatusCode <= 399 && resp.Header.Get("Location") != ""
}

// RedirectError is a 3xx answer. The request was not repeated at the new address, so nothing was
// sent there, and a create that was redirected did not happen.
type RedirectError struct {
	Method     string
	URL        string // the URL requested, without query
	StatusCode int
	// Location is the address the server redirected to, resolved, without credentials or query.
	Location string
	// NewBaseURL is the platform URL to configure, when the Location is the same API path below
	// another base; otherwise the Location's origin.
	NewBaseURL string
	// URLSource names where the provider's URL came from ("the url attribute", "JFROG_URL").
	URLSource string
}

func newRedirectError(method string, requested *url.URL, resp *http.Response, urlSource string) *RedirectError {
	e := &RedirectError{Method: method, URL: shownURL(requested), StatusCode: resp.StatusCode, URLSource: urlSource}
	loc, err := requested.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.Location = "(an unreadable Location)"
		return e
	}
	e.Location = shownURL(loc)
	origin := url.URL{Scheme: loc.Scheme, Host: loc.Host}
	e.NewBaseURL = origin.String()
	// When the new address ends with the path that was asked for, what precedes it is the
	// platform URL the server wants: https://new.example.com/jfrog for .../jfrog/xray/api/...
	if base, ok := strings.CutSuffix(loc.Path, apiSuffix(requested.Path)); ok && apiSuffix(requested.Path) != "" {
		origin.Path = strings.TrimRight(base, "/")
		e.NewBaseURL = origin.String()
	}
	return e
}

// apiSuffix is the part of a request path the provider adds to the platform URL.
func apiSuffix(p string) string {
	for _, prefix := range []string{"/xray/", "/access/"} {
		if i := strings.Index(p, prefix); i >= 0 {
			return p[i:]
		}
	}
	return ""
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s was redirected (HTTP %d %s) to %s. The provider follows no redirect, so nothing was sent "+
		"there: a redirect would carry the access token and the request, with any password in it, to another address. "+
		"Set the platform URL (now from %s) to the new address, %s, if that is the JFrog platform",
		e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), e.Location, urlSourceOrDefault(e.URLSource), e.NewBaseURL)
}

// urlSourceOrDefault names where the platform URL came from, for a client built without
// Config.URLSource.
func urlSourceOrDefault(source string) string {
	if source == "" {
		return "the provider's url"
	}
	return source
}
