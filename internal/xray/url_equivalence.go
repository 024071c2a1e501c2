package xray

import (
	"net/url"
	"strings"
)

// EquivalentURLs reports whether two Jira URLs name the same place although they may be spelt
// differently: the scheme and host in any case, an explicit default port, a trailing slash.
// Xray may answer with such a spelling of the URL it was given; a different URL is still a
// difference. The provider's drift detection and the client's recognition of its own create
// after a lost answer both use it, so they cannot disagree.
func EquivalentURLs(a, b string) bool {
	if a == b {
		return true
	}
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	return canonicalURL(ua) == canonicalURL(ub)
}

func canonicalURL(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	c := url.URL{Scheme: scheme, Host: host, User: u.User, Path: strings.TrimRight(u.Path, "/"),
		RawQuery: u.RawQuery, Fragment: u.Fragment}
	return c.String()
}
