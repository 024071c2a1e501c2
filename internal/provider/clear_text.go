package provider

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// isLoopbackHost reports whether host (no port, no brackets) never leaves the machine:
// 127.0.0.0/8, ::1 or localhost. Other names are not resolved: a name that resolves to loopback
// today may not tomorrow, and Configure makes no request to find out.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// warnClearTextURL warns once when the platform URL is http:// on a host that is not loopback:
// the access token would cross the network in clear. It is a warning and not an error, since
// some test setups use one; source says where the URL came from.
func warnClearTextURL(rawURL, source string, diags *diag.Diagnostics) {
	u, err := url.Parse(rawURL)
	if err != nil || !strings.EqualFold(u.Scheme, "http") || isLoopbackHost(u.Hostname()) {
		return
	}
	diags.AddAttributeWarning(path.Root("url"), "The access token is sent in clear",
		fmt.Sprintf("The platform URL from %s, %s, is http:// on a host that is not loopback, so the access token "+
			"crosses the network unencrypted, readable by anyone on the path. Use https:// unless this is a test setup "+
			"on a network you trust.", source, u.Scheme+"://"+u.Host))
}

// checkActionsRequestURL refuses an ID-token endpoint that is not https://, except on loopback:
// GitHub's is always HTTPS, and the request token must not cross the network in clear.
func checkActionsRequestURL(u *url.URL) error {
	if strings.EqualFold(u.Scheme, "https") || (strings.EqualFold(u.Scheme, "http") && isLoopbackHost(u.Hostname())) {
		return nil
	}
	return fmt.Errorf("%s is %s://%s, not https://: GitHub's ID-token endpoint is always HTTPS, so the provider does not send "+
		"the request token there (plain http:// is accepted on loopback only, for a local stand-in)", actionsRequestURLEnvVar, u.Scheme, u.Host)
}
