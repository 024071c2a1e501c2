package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// oidcAndTLSEnvVars are cleared by clearProviderEnv with the URL and token variables, so that a
// CI job's own ID token or TLS settings cannot leak into a test.
var oidcAndTLSEnvVars = []string{
	tfcTokenEnvVar, tfcTokenEnvVar + "_jfrog", actionsRequestURLEnvVar, actionsRequestTokenEnv, oidcTokenEnvVar,
	caCertPathEnvVar, clientCertPathEnvVar, clientKeyPathEnvVar, clientCertPEMEnvVar, clientKeyPEMEnvVar, bypassTLSVerifyEnvVar,
	skipNameCheckEnvVar,
	"SSL_CERT_FILE", "SSL_CERT_DIR",
}

// newOIDCEnv is a fake platform with the OIDC integration "ci-pipeline" (and whatever else the
// test adds), and a JFROG_ACCESS_TOKEN that Xray refuses, so a test passes only if the
// exchanged token, not the environment's, reached Xray.
func newOIDCEnv(t *testing.T, integrations ...fakexray.OIDCIntegration) *testEnv {
	t.Helper()
	env := newFakeEnv(t)
	clearProviderEnv(t)
	env.fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "ci-pipeline", RejectSubjects: []string{"repo:acme/untrusted"}})
	for _, in := range integrations {
		env.fake.AddOIDCIntegration(in)
	}
	t.Setenv("JFROG_URL", env.url)
	t.Setenv("JFROG_ACCESS_TOKEN", "not-the-token-to-use")
	return env
}

// oidcConfig is a provider block with the given OIDC arguments and one integration.
func (e *testEnv) oidcConfig(name, providerArgs string) string {
	return "provider \"xray\" {\n" + providerArgs + "\n}\n" + integrationResource(e.integration(name), "")
}

// expectExchanges checks that every exchange the platform saw named "ci-pipeline" and carried
// an ID token with this subject and audience, and that there was at least one.
func (e *testEnv) expectExchanges(subject, audience string) statecheck.StateCheck {
	const provider = "ci-pipeline"
	return stateCheckFunc(func() error {
		got := e.fake.OIDCExchanges()
		if len(got) == 0 {
			return fmt.Errorf("no OIDC token exchange reached the platform")
		}
		for _, x := range got {
			if x.ProviderName != provider || x.Subject != subject || x.Audience != audience || x.IssuedToken == "" {
				return fmt.Errorf("exchange %+v, want provider %q, subject %q, audience %q, issued", x, provider, subject, audience)
			}
		}
		return nil
	})
}

// HCP Terraform's tagged workload identity token wins over the untagged one (whose subject the
// integration rejects), and the exchanged token wins over JFROG_ACCESS_TOKEN.
func TestAccOIDC_hcpTerraformTaggedToken(t *testing.T) {
	env := newOIDCEnv(t)
	t.Setenv("TFC_WORKLOAD_IDENTITY_TOKEN", fakexray.MintIDToken("repo:acme/untrusted", "jfrog"))
	t.Setenv("TFC_WORKLOAD_IDENTITY_TOKEN_jfrog", fakexray.MintIDToken("organization:acme:workspace:xray", "jfrog-tagged"))
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, `  oidc_provider_name      = "ci-pipeline"
  tfc_credential_tag_name = "jfrog"`),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("organization:acme:workspace:xray", "jfrog-tagged"),
			},
		}},
	})
}

// Without a tag, the untagged workload identity token is used.
func TestAccOIDC_hcpTerraformUntaggedToken(t *testing.T) {
	env := newOIDCEnv(t)
	t.Setenv("TFC_WORKLOAD_IDENTITY_TOKEN", fakexray.MintIDToken("organization:acme:workspace:plain", "jfrog"))
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, `  oidc_provider_name = "ci-pipeline"`),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("organization:acme:workspace:plain", "jfrog"),
			},
		}},
	})
}

// GitHub Actions: the provider asks the job's token endpoint for an ID token with the
// configured audience, bearing the request token, and exchanges it. (A token given explicitly
// beats it: TestAccOIDC_explicitTokenBeatsAmbientTokens.)
func TestAccOIDC_gitHubActions(t *testing.T) {
	env := newOIDCEnv(t)
	actions := fakexray.NewActionsTokenServer(t, "repo:acme/infra:ref:refs/heads/main", nil)
	t.Setenv(actionsRequestURLEnvVar, actions.RequestURL)
	t.Setenv(actionsRequestTokenEnv, actions.RequestToken)
	t.Setenv(tfcTokenEnvVar, "") // an earlier source, absent
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, `  oidc_provider_name = "ci-pipeline"
  oidc_audience      = "jfrog-xray"`),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("repo:acme/infra:ref:refs/heads/main", "jfrog-xray"),
				stateCheckFunc(func() error {
					reqs := actions.Requests()
					if len(reqs) == 0 || reqs[0].Audience != "jfrog-xray" || reqs[0].Issued == "" {
						return fmt.Errorf("GitHub's token endpoint saw %+v, want a request for audience jfrog-xray", reqs)
					}
					return nil
				}),
			},
		}},
	})
}

// A token given directly (GitLab's id_tokens and the like): the oidc_token attribute, then
// JFROG_OIDC_TOKEN.
func TestAccOIDC_directToken(t *testing.T) {
	env := newOIDCEnv(t)
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig: func() { t.Setenv(oidcTokenEnvVar, fakexray.MintIDToken("project_path:acme/infra", "gitlab")) },
			Config:    env.oidcConfig(name, `  oidc_provider_name = "ci-pipeline"`),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("project_path:acme/infra", "gitlab"),
			},
		}, {
			PreConfig: func() { env.fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "attr-only"}) },
			Config: env.oidcConfig(name, fmt.Sprintf(`  oidc_provider_name = "attr-only"
  oidc_token         = %q`, fakexray.MintIDToken("attr-subject", ""))),
			ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
				for _, x := range env.fake.OIDCExchanges() {
					if x.ProviderName == "attr-only" && x.Subject != "attr-subject" {
						return fmt.Errorf("the attribute lost to %s: exchanged subject %q", oidcTokenEnvVar, x.Subject)
					}
				}
				return nil
			})},
		}},
	})
}

// access_token in the configuration wins over OIDC: no exchange is attempted.
func TestAccOIDC_accessTokenWins(t *testing.T) {
	env := newOIDCEnv(t)
	t.Setenv(oidcTokenEnvVar, fakexray.MintIDToken("unused", ""))
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, fmt.Sprintf(`  oidc_provider_name = "no-such-integration"
  access_token       = %q`, env.token)),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				stateCheckFunc(func() error {
					if n := len(env.fake.OIDCExchanges()); n != 0 {
						return fmt.Errorf("%d OIDC exchanges with access_token set, want none", n)
					}
					return nil
				}),
			},
		}},
	})
}

// Every way OIDC can fail gives an error that names what was tried or refused.
func TestAccOIDC_errors(t *testing.T) {
	env := newOIDCEnv(t, fakexray.OIDCIntegration{Name: "no-xray-access", Grant: fakexray.GrantNone})
	actions := fakexray.NewActionsTokenServer(t, "repo:acme/infra", nil)
	resourceHCL := integrationResource(env.integration(randomName()), "")
	setToken := func(token string) func() { return func() { t.Setenv(oidcTokenEnvVar, token) } }
	steps := []resource.TestStep{{
		Config:      `provider "xray" { oidc_audience = "jfrog" }` + resourceHCL,
		ExpectError: expectError("Missing oidc_provider_name", "oidc_audience is only used for the OIDC token exchange"),
	}, {
		PreConfig:   setToken(""),
		Config:      `provider "xray" { oidc_provider_name = "ci-pipeline" }` + resourceHCL,
		ExpectError: expectError("No ID token for the OIDC exchange", "oidc_token", oidcTokenEnvVar, "TFC_WORKLOAD_IDENTITY_TOKEN", actionsRequestURLEnvVar),
	}, {
		PreConfig: setToken(""),
		Config: `provider "xray" {
  oidc_provider_name      = "ci-pipeline"
  tfc_credential_tag_name = "prod"
}` + resourceHCL,
		ExpectError: expectError("No ID token", "TFC_WORKLOAD_IDENTITY_TOKEN_prod"),
	}, {
		PreConfig:   setToken(fakexray.MintIDToken("repo:acme/infra", "")),
		Config:      `provider "xray" { oidc_provider_name = "typo" }` + resourceHCL,
		ExpectError: expectError("OIDC token exchange failed", "HTTP 404", `OIDC integration "typo" does not exist`, "came from "+oidcTokenEnvVar),
	}, {
		PreConfig:   setToken(fakexray.MintIDToken("repo:acme/untrusted", "")),
		Config:      `provider "xray" { oidc_provider_name = "ci-pipeline" }` + resourceHCL,
		ExpectError: expectError("OIDC token exchange failed", "HTTP 401", "identity mapping", "came from "+oidcTokenEnvVar, "identity mappings"),
	}, {
		PreConfig:   setToken("not-a-jwt"),
		Config:      `provider "xray" { oidc_provider_name = "ci-pipeline" }` + resourceHCL,
		ExpectError: expectError("OIDC token exchange failed", "not a valid JWT"),
	}, {
		PreConfig:   setToken(fakexray.MintIDToken("repo:acme/infra", "")),
		Config:      `provider "xray" { oidc_provider_name = "no-xray-access" }` + resourceHCL,
		ExpectError: expectError("Xray rejected the token from the OIDC exchange", `"no-xray-access"`, "from "+oidcTokenEnvVar, "HTTP 401"),
	}, {
		PreConfig: func() {
			t.Setenv(oidcTokenEnvVar, "") // it would win over GitHub Actions
			t.Setenv(actionsRequestURLEnvVar, actions.RequestURL)
			t.Setenv(actionsRequestTokenEnv, "wrong-request-token")
		},
		Config:      `provider "xray" { oidc_provider_name = "ci-pipeline" }` + resourceHCL,
		ExpectError: expectError("No ID token", "GitHub Actions", "HTTP 401", "id-token: write"),
	}}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	for _, r := range env.fake.Requests() {
		if r.Pattern != fakexray.PatternOIDCToken && r.Pattern != fakexray.PatternVersion {
			t.Errorf("a failed OIDC set-up reached Xray: %s %s", r.Method, r.Path)
		}
	}
}
