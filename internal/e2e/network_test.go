package e2e

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// These tests need the provider in its own process: Go reads SSL_CERT_FILE and the proxy
// variables once per process, so the in-process acceptance tests cannot change them.

const oneIntegration = `
terraform {
  required_providers {
    xray = { source = "platformkit/xray" }
  }
}

provider "xray" {
%s
}

resource "xray_jira_integration" "one" {
  connection_name   = %q
  username          = "bot@example.com"
  password          = "secret"
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}
`

// runExpect runs terraform with the arguments and returns its output; it fails the test unless the
// exit status is as wanted.
func (w *workspace) runExpect(wantOK bool, args ...string) string {
	w.t.Helper()
	cmd, out := w.command(append(args, "-input=false", "-no-color")...)
	err := cmd.Run()
	if (err == nil) != wantOK {
		w.t.Fatalf("terraform %s: error %v, want success %v\n%s", strings.Join(args, " "), err, wantOK, out)
	}
	return out.String()
}

func (w *workspace) setenv(kv ...string) { w.env = append(w.env, kv...) }

// SSL_CERT_FILE names the CA that the platform's certificate comes from: the provider trusts it
// with no provider setting.
func TestSSLCertFileTrustsPrivateCA(t *testing.T) {
	fake, pki := fakexray.NewTLSTestServer(t, fakexray.TLSOptions{})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), fmt.Sprintf(oneIntegration, "", "by-ssl-cert-file"))
	caFile := filepath.Join(ws.dir, "ca.pem")
	writeFile(t, caFile, string(pki.CACertPEM))

	out := ws.runExpect(false, "apply", "-auto-approve")
	if !strings.Contains(out, "TLS certificate problem") || !strings.Contains(out, "SSL_CERT_FILE") {
		t.Errorf("without SSL_CERT_FILE the error does not explain the certificate problem:\n%s", out)
	}
	ws.setenv("SSL_CERT_FILE=" + caFile)
	ws.runExpect(true, "apply", "-auto-approve")
	if _, ok := fake.Integration("by-ssl-cert-file"); !ok {
		t.Fatal("the apply succeeded but the integration is not on Xray")
	}
	ws.runExpect(true, "destroy", "-auto-approve")
}

// JFROG_BYPASS_TLS_VERIFICATION=true reaches an untrusted platform, and every run says so.
func TestBypassTLSVerificationWarnsOnEveryRun(t *testing.T) {
	fake, _ := fakexray.NewTLSTestServer(t, fakexray.TLSOptions{})
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), fmt.Sprintf(oneIntegration, "", "bypassed"))
	ws.setenv("JFROG_BYPASS_TLS_VERIFICATION=true")
	for _, args := range [][]string{{"apply", "-auto-approve"}, {"plan"}, {"destroy", "-auto-approve"}} {
		if out := ws.runExpect(true, args...); !strings.Contains(out, "TLS certificate verification is disabled") {
			t.Errorf("terraform %s gave no warning that verification is off:\n%s", args[0], out)
		}
	}
	if n := len(fake.Integrations()); n != 0 {
		t.Errorf("%d integrations left after destroy", n)
	}
}

// Behind a proxy: the platform's host name resolves only through the proxy (HTTPS_PROXY, a
// CONNECT tunnel), and so does GitHub's HTTPS token endpoint, so a run that succeeds
// sent the GitHub token request, the OIDC exchange and the Xray calls through it. With the
// hosts in NO_PROXY, the same run fails to resolve them.
func TestProxyCarriesOIDCAndXray(t *testing.T) {
	fake, pki := fakexray.NewTLSTestServer(t, fakexray.TLSOptions{Hosts: []string{"xray.platform.test", "token.actions.test"}})
	fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "github"})
	// GitHub's endpoint is HTTPS (the provider refuses plain http:// there off loopback).
	actions := fakexray.NewActionsTokenTLSServer(t, "repo:acme/infra:ref:refs/heads/main", pki)
	proxy := newForwardProxy(t, "xray.platform.test", "token.actions.test")

	_, port, _ := net.SplitHostPort(strings.TrimPrefix(fake.URL(), "https://"))
	platformURL := "https://" + net.JoinHostPort("xray.platform.test", port)
	requestURL := strings.Replace(actions.RequestURL, "127.0.0.1", "token.actions.test", 1)

	ws := newWorkspace(t, platformURL, "", fmt.Sprintf(oneIntegration, `  oidc_provider_name = "github"
  oidc_audience      = "jfrog-github"`, "through-the-proxy"))
	caFile := filepath.Join(ws.dir, "ca.pem")
	writeFile(t, caFile, string(pki.CACertPEM))
	// The platform's CA for Xray; for the GitHub endpoint, whose chain is public in real life,
	// the same CA as the process's system roots.
	ws.setenv("JFROG_CA_CERT_PATH="+caFile, "SSL_CERT_FILE="+caFile,
		"ACTIONS_ID_TOKEN_REQUEST_URL="+requestURL, "ACTIONS_ID_TOKEN_REQUEST_TOKEN="+actions.RequestToken,
		"HTTPS_PROXY="+proxy.URL, "https_proxy="+proxy.URL, "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL,
		"NO_PROXY=unrelated.test", "no_proxy=unrelated.test")

	ws.runExpect(true, "apply", "-auto-approve")
	if _, ok := fake.Integration("through-the-proxy"); !ok {
		t.Fatal("the apply succeeded but the integration is not on Xray")
	}
	// One exchange per provider process: terraform apply configures the provider once to plan
	// and once to apply, in two processes; none per resource or request.
	if n := len(fake.OIDCExchanges()); n != 2 {
		t.Errorf("one terraform apply made %d OIDC exchanges, want 2 (its plan and its apply)", n)
	}
	seen := strings.Join(proxy.requests(), "\n")
	for _, want := range []string{"CONNECT xray.platform.test:" + port, "CONNECT token.actions.test:"} {
		if !strings.Contains(seen, want) {
			t.Errorf("the proxy saw no %q; it saw:\n%s", want, seen)
		}
	}
	if x := fake.OIDCExchanges(); len(x) == 0 || x[0].Audience != "jfrog-github" {
		t.Errorf("OIDC exchanges %+v, want one with GitHub's token for audience jfrog-github", x)
	}

	before := len(proxy.requests())
	ws.setenv("NO_PROXY=xray.platform.test,token.actions.test", "no_proxy=xray.platform.test,token.actions.test")
	out := ws.runExpect(false, "plan")
	if !strings.Contains(out, "token.actions.test") || len(proxy.requests()) != before {
		t.Errorf("with the hosts in NO_PROXY the provider still used the proxy (%d new requests):\n%s", len(proxy.requests())-before, out)
	}
	ws.setenv("NO_PROXY=unrelated.test", "no_proxy=unrelated.test")
	ws.runExpect(true, "destroy", "-auto-approve")
}
