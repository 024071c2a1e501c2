package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// newTLSEnv is a fake Xray over HTTPS with a throwaway CA, its URL and token in the
// environment, and the PKI's files written to a temporary folder.
func newTLSEnv(t *testing.T, opts fakexray.TLSOptions) (*testEnv, *fakexray.PKI, map[string]string) {
	t.Helper()
	if realXray() {
		t.Skip("needs the fake Xray: it serves HTTPS with its own CA")
	}
	fake, pki := fakexray.NewTLSTestServer(t, opts)
	httpClient, err := xray.NewHTTPClient(xray.TLSOptions{CACertPEM: pki.CACertPEM, ClientCertPEM: pki.ClientCertPEM, ClientKeyPEM: pki.ClientKeyPEM})
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{fake: fake, url: fake.URL(), token: fake.AdminToken(), jira: jiraTarget{
		url: "https://customer.atlassian.net", username: "customer@example.com", password: "s3cret-jira-password", installationType: "cloud",
	}}
	if env.client, err = xray.NewClient(xray.Config{URL: env.url, AccessToken: env.token, HTTPClient: httpClient}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{}
	for name, content := range map[string][]byte{
		"ca.pem": pki.CACertPEM, "client.pem": pki.ClientCertPEM, "client.key": pki.ClientKeyPEM, "other.key": pki.OtherKeyPEM,
	} {
		files[name] = filepath.Join(dir, name)
		if err := os.WriteFile(files[name], content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	clearProviderEnv(t)
	t.Setenv("JFROG_URL", env.url)
	t.Setenv("JFROG_ACCESS_TOKEN", env.token)
	return env, pki, files
}

func tlsProviderConfig(args string) string {
	return "provider \"xray\" {\n" + args + "\n}\n"
}

// A private CA is trusted when given inline, as a file, or as JFROG_CA_CERT_PATH; without it,
// the error says it is a certificate problem and names the options.
func TestAccTLS_privateCA(t *testing.T) {
	env, pki, files := newTLSEnv(t, fakexray.TLSOptions{})
	name := randomName()
	res := integrationResource(env.integration(name), "")
	stored := []statecheck.StateCheck{env.expectStored(env.integration(name))}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config:      tlsProviderConfig("") + res,
			ExpectError: expectError("certificate", "TLS certificate problem", "ca_cert_pem", "ca_cert_path", caCertPathEnvVar, "SSL_CERT_FILE"),
		}, {
			Config:      tlsProviderConfig(fmt.Sprintf("  ca_cert_path = %q", files["ca.pem"]+".missing")) + res,
			ExpectError: expectError("Unable to read the CA certificate", ".missing", "from the ca_cert_path attribute"),
		}, {
			Config:      tlsProviderConfig(`  ca_cert_pem = "not a certificate"`) + res,
			ExpectError: expectError("Invalid TLS settings", "no PEM-encoded certificate"),
		}, {
			Config:            tlsProviderConfig(fmt.Sprintf("  ca_cert_pem = %q", pki.CACertPEM)) + res,
			ConfigStateChecks: stored,
		}, {
			Config:            tlsProviderConfig(fmt.Sprintf("  ca_cert_path = %q", files["ca.pem"])) + res,
			ConfigStateChecks: stored,
		}, {
			PreConfig:         func() { t.Setenv(caCertPathEnvVar, files["ca.pem"]) },
			Config:            tlsProviderConfig("") + res,
			ConfigStateChecks: stored,
		}},
	})
}

// A platform that requires client certificates accepts the provider's, given as files or as
// PEM (attributes or environment); without one, the error says it is a certificate problem.
func TestAccTLS_mutualTLS(t *testing.T) {
	env, pki, files := newTLSEnv(t, fakexray.TLSOptions{RequireClientCert: true})
	t.Setenv(caCertPathEnvVar, files["ca.pem"])
	name := randomName()
	res := integrationResource(env.integration(name), "")
	stored := []statecheck.StateCheck{env.expectStored(env.integration(name))}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: tlsProviderConfig(fmt.Sprintf("  client_certificate_path     = %q\n  client_certificate_key_path = %q",
				files["client.pem"], files["client.key"])) + res,
			ConfigStateChecks: stored,
		}, {
			Config: tlsProviderConfig(fmt.Sprintf("  client_certificate_pem = %q\n  client_private_key_pem = %q",
				pki.ClientCertPEM, pki.ClientKeyPEM)) + res,
			ConfigStateChecks: stored,
		}, {
			PreConfig: func() {
				t.Setenv(clientCertPEMEnvVar, string(pki.ClientCertPEM))
				t.Setenv(clientKeyPEMEnvVar, string(pki.ClientKeyPEM))
			},
			Config:            tlsProviderConfig("") + res,
			ConfigStateChecks: stored,
		}, {
			PreConfig: func() {
				t.Setenv(clientCertPEMEnvVar, "")
				t.Setenv(clientKeyPEMEnvVar, "")
			},
			// Changing the resource makes the apply talk to Xray without a client certificate.
			Config:      tlsProviderConfig("") + integrationResource(withPassword(env.integration(name), "rotated"), ""),
			ExpectError: expectError("TLS certificate problem", "client_certificate_path", "client_certificate_key_path"),
		}, {
			Config:            tlsProviderConfig(fmt.Sprintf("  client_certificate_path     = %q\n  client_certificate_key_path = %q", files["client.pem"], files["client.key"])) + res,
			ConfigStateChecks: stored,
		}},
	})
}

// Half a pair with no other half anywhere, two ways of giving one thing, unreadable and
// mismatched files are refused before any request.
func TestAccTLS_clientCertificateErrors(t *testing.T) {
	env, _, files := newTLSEnv(t, fakexray.TLSOptions{})
	res := integrationResource(env.integration(randomName()), "")
	cases := []struct {
		args string
		want []string
	}{
		// Half a pair may come from the environment (TestAccPrecedence_clientCertificateHalves);
		// with nothing there, the missing half is named.
		{fmt.Sprintf("  client_certificate_path = %q", files["client.pem"]),
			[]string{"Invalid TLS settings", "client certificate was given without its private key", "client_certificate_path attribute", "client_certificate_key_path"}},
		{`  client_private_key_pem = "x"`,
			[]string{"Invalid TLS settings", "client private key was given without its certificate", "client_private_key_pem attribute", "client_certificate_pem"}},
		{fmt.Sprintf("  ca_cert_pem  = \"x\"\n  ca_cert_path = %q", files["ca.pem"]), []string{"cannot be configured together", "ca_cert_pem", "ca_cert_path"}},
		{fmt.Sprintf("  client_certificate_path     = %q\n  client_certificate_key_path = %q", files["client.pem"], files["client.key"]+".gone"),
			[]string{"Unable to read the client private key", ".gone"}},
		{fmt.Sprintf("  client_certificate_path     = %q\n  client_certificate_key_path = %q", files["client.pem"], files["other.key"]),
			[]string{"Invalid TLS settings", "cannot be used together", "private key does not match public key"}},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: tlsProviderConfig(tc.args) + res, ExpectError: expectError(tc.want...)})
	}
	steps = append(steps, resource.TestStep{
		PreConfig:   func() { t.Setenv(clientCertPathEnvVar, files["client.pem"]) },
		Config:      tlsProviderConfig("") + res,
		ExpectError: expectError("Invalid TLS settings", "client certificate was given without its private key", clientKeyPathEnvVar),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(env.fake.Requests()); n != 0 {
		t.Errorf("invalid TLS settings sent %d requests, want none", n)
	}
}

// JFROG_BYPASS_TLS_VERIFICATION=true reaches a platform whose CA is not trusted (its warning is
// checked end to end, in internal/e2e); another value is an error.
func TestAccTLS_bypassVerification(t *testing.T) {
	env, _, _ := newTLSEnv(t, fakexray.TLSOptions{})
	name := randomName()
	res := integrationResource(env.integration(name), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig:   func() { t.Setenv(bypassTLSVerifyEnvVar, "yes please") },
			Config:      tlsProviderConfig("") + res,
			ExpectError: expectError("Invalid "+bypassTLSVerifyEnvVar, "true or false"),
		}, {
			PreConfig:         func() { t.Setenv(bypassTLSVerifyEnvVar, "true") },
			Config:            tlsProviderConfig("") + res,
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name))},
		}},
	})
}

// The OIDC exchange goes through the same TLS settings as Xray's requests: an untrusted
// platform fails the exchange with the certificate hint; with the CA and a client certificate,
// the exchange and the Xray calls succeed.
func TestAccTLS_oidcExchangeUsesTheTLSSettings(t *testing.T) {
	env, _, files := newTLSEnv(t, fakexray.TLSOptions{RequireClientCert: true})
	env.fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "ci-pipeline"})
	t.Setenv("JFROG_ACCESS_TOKEN", "")
	t.Setenv(oidcTokenEnvVar, fakexray.MintIDToken("project_path:acme/infra", ""))
	name := randomName()
	res := integrationResource(env.integration(name), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config:      tlsProviderConfig(`  oidc_provider_name = "ci-pipeline"`) + res,
			ExpectError: expectError("OIDC token exchange failed", "certificate", "came from "+oidcTokenEnvVar, "TLS certificate problem"),
		}, {
			Config: tlsProviderConfig(fmt.Sprintf(`  oidc_provider_name          = "ci-pipeline"
  ca_cert_path                = %q
  client_certificate_path     = %q
  client_certificate_key_path = %q`, files["ca.pem"], files["client.pem"], files["client.key"])) + res,
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("project_path:acme/infra", ""),
			},
		}},
	})
}
