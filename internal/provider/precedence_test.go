package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The rows of the precedence table (docs/index.md), one test each: an argument beats its
// variable, halves of a pair are found each on its own, "" counts as unset, and a token the
// configuration gives beats the ones a CI system offers every job.

// Client certificate and key: the provider block beats a leftover environment, and each half
// may come from a different place.
func TestAccPrecedence_clientCertificateHalves(t *testing.T) {
	env, pki, files := newTLSEnv(t, fakexray.TLSOptions{RequireClientCert: true})
	t.Setenv(caCertPathEnvVar, files["ca.pem"])
	name := randomName()
	res := integrationResource(env.integration(name), "")
	stored := []statecheck.StateCheck{env.expectStored(env.integration(name))}
	leftovers := func() {
		// A certificate the platform refuses, and a key that matches neither configured half.
		t.Setenv(clientCertPEMEnvVar, string(pki.OtherCertPEM))
		t.Setenv(clientKeyPEMEnvVar, string(pki.OtherKeyPEM))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			// Configured files beat JFROG_CLIENT_CERT_PEM and JFROG_CLIENT_PRIVATE_KEY_PEM.
			PreConfig: leftovers,
			Config: tlsProviderConfig(fmt.Sprintf("  client_certificate_path     = %q\n  client_certificate_key_path = %q",
				files["client.pem"], files["client.key"])) + res,
			ConfigStateChecks: stored,
		}, {
			// Configured PEM beats them too.
			PreConfig: leftovers,
			Config: tlsProviderConfig(fmt.Sprintf("  client_certificate_pem = %q\n  client_private_key_pem = %q",
				pki.ClientCertPEM, pki.ClientKeyPEM)) + res,
			ConfigStateChecks: stored,
		}, {
			// client_certificate_pem with the key from its documented variable.
			PreConfig: func() {
				t.Setenv(clientCertPEMEnvVar, "")
				t.Setenv(clientKeyPEMEnvVar, string(pki.ClientKeyPEM))
			},
			Config:            tlsProviderConfig(fmt.Sprintf("  client_certificate_pem = %q", pki.ClientCertPEM)) + res,
			ConfigStateChecks: stored,
		}, {
			// The certificate from JFROG_CLIENT_CERT_PATH, the key from the provider block.
			PreConfig: func() {
				t.Setenv(clientKeyPEMEnvVar, "")
				t.Setenv(clientCertPathEnvVar, files["client.pem"])
			},
			Config:            tlsProviderConfig(fmt.Sprintf("  client_certificate_key_path = %q", files["client.key"])) + res,
			ConfigStateChecks: stored,
		}},
	})
}

// access_token = "" (a variable that defaults to "") counts as unset: JFROG_ACCESS_TOKEN is used,
// or OIDC when oidc_provider_name is set; with neither, the error names the empty access_token.
func TestAccPrecedence_emptyAccessTokenCountsAsUnset(t *testing.T) {
	env := newOIDCEnv(t)
	name := randomName()
	res := integrationResource(env.integration(name), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig:   func() { t.Setenv("JFROG_ACCESS_TOKEN", "") },
			Config:      `provider "xray" { access_token = "" }` + res,
			ExpectError: expectError("Missing Xray access token", `access_token is set to an empty string`, "counts as unset"),
		}, {
			PreConfig:         func() { t.Setenv("JFROG_ACCESS_TOKEN", env.token) },
			Config:            `provider "xray" { access_token = "" }` + res,
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name))},
		}, {
			PreConfig: func() {
				t.Setenv("JFROG_ACCESS_TOKEN", "not-the-token-to-use")
				t.Setenv(oidcTokenEnvVar, fakexray.MintIDToken("project_path:acme/infra", ""))
			},
			Config: `provider "xray" {
  access_token       = ""
  oidc_provider_name = "ci-pipeline"
}` + integrationResource(withPassword(env.integration(name), "rotated"), ""),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(withPassword(env.integration(name), "rotated")),
				env.expectExchanges("project_path:acme/infra", ""),
			},
		}},
	})
}

// oidc_provider_name = "" (a CI variable that defaults to empty) is an error before any request,
// not a silent fallback to JFROG_ACCESS_TOKEN.
func TestAccPrecedence_emptyOIDCProviderNameIsAnError(t *testing.T) {
	env := newOIDCEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", env.token) // what the silent fallback would use
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `provider "xray" { oidc_provider_name = "" }` + integrationResource(env.integration(randomName()), ""),
			ExpectError: expectError("Empty oidc_provider_name", "Set it to the name of the JFrog platform's OIDC integration"),
		}},
	})
	if n := len(env.fake.Requests()); n != 0 {
		t.Errorf("an empty oidc_provider_name sent %d requests, want none", n)
	}
}

// An ID token the configuration gives (oidc_token, then JFROG_OIDC_TOKEN) beats the tokens a CI
// system offers every job: a GitHub Actions job with `id-token: write` for cloud credentials, or
// HCP Terraform's untagged workload identity token.
func TestAccOIDC_explicitTokenBeatsAmbientTokens(t *testing.T) {
	env := newOIDCEnv(t)
	actions := fakexray.NewActionsTokenServer(t, "repo:acme/ambient", nil)
	t.Setenv(actionsRequestURLEnvVar, actions.RequestURL)
	t.Setenv(actionsRequestTokenEnv, actions.RequestToken)
	t.Setenv(tfcTokenEnvVar, fakexray.MintIDToken("organization:acme:ambient", ""))
	name := randomName()
	from := 0 // exchanges before this step
	onlySubject := func(subject string) statecheck.StateCheck {
		return stateCheckFunc(func() error {
			exchanges := env.fake.OIDCExchanges()[from:]
			if len(exchanges) == 0 {
				return fmt.Errorf("no OIDC exchange in this step")
			}
			for _, x := range exchanges {
				if x.Subject != subject {
					return fmt.Errorf("an ambient token won: exchanged subject %q, want %q", x.Subject, subject)
				}
			}
			if n := len(actions.Requests()); n != 0 {
				return fmt.Errorf("GitHub's token endpoint was asked %d times although a token was given", n)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, fmt.Sprintf(`  oidc_provider_name = "ci-pipeline"
  oidc_token         = %q`, fakexray.MintIDToken("attribute-subject", ""))),
			ConfigStateChecks: []statecheck.StateCheck{env.expectStored(env.integration(name)), onlySubject("attribute-subject")},
		}, {
			PreConfig: func() {
				from = len(env.fake.OIDCExchanges())
				t.Setenv(oidcTokenEnvVar, fakexray.MintIDToken("variable-subject", ""))
			},
			Config:            env.oidcConfig(name, `  oidc_provider_name = "ci-pipeline"`) + "\n# the variable's turn\n",
			ConfigStateChecks: []statecheck.StateCheck{onlySubject("variable-subject")},
		}},
	})
}

// oidc_token and tfc_credential_tag_name both name the ID token to use: together they are an
// error at validate time rather than one silently losing.
func TestAccPrecedence_twoConfiguredIDTokensConflict(t *testing.T) {
	env := newOIDCEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "xray" {
  oidc_provider_name      = "ci-pipeline"
  oidc_token              = %q
  tfc_credential_tag_name = "jfrog"
}`, fakexray.MintIDToken("attribute-subject", "")) + integrationResource(env.integration(randomName()), ""),
			ExpectError: expectError("cannot be configured together", "oidc_token", "tfc_credential_tag_name"),
		}},
	})
}
