package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// clearProviderEnv makes a test independent of the caller's environment. Tests that use it
// cannot run in parallel (t.Setenv), which is why they use resource.Test.
func clearProviderEnv(t *testing.T) {
	for _, name := range append(append(append([]string{}, urlEnvVars...), tokenEnvVars...), oidcAndTLSEnvVars...) {
		t.Setenv(name, "")
	}
}

// A missing or malformed url or token is a configuration error raised before any request.
func TestAccProvider_configurationErrors(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	resourceHCL := integrationResource(env.integration(randomName()), "")
	cases := []struct {
		provider string
		want     []string
	}{
		{`provider "xray" { access_token = "x" }`, []string{"Missing Xray URL", "JFROG_URL"}},
		{`provider "xray" {
  url          = "acme.jfrog.io"
  access_token = "x"
}`, []string{"Invalid Xray URL", "must start with https:// or http://"}},
		{`provider "xray" {
  url          = "https://"
  access_token = "x"
}`, []string{"Invalid Xray URL", "has no host"}},
		{`provider "xray" { url = "https://acme.jfrog.io" }`, []string{"Missing Xray access token", "JFROG_ACCESS_TOKEN"}},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      tc.provider + "\n" + resourceHCL,
			ExpectError: expectError(tc.want...),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(env.fake.Requests()); n != 0 {
		t.Errorf("a misconfigured provider sent %d requests, want none", n)
	}
}

// With an empty provider block, the url and token come from JFrog's environment variables,
// the primary names first.
func TestAccProvider_environmentVariables(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	t.Setenv("JFROG_URL", env.url)
	t.Setenv("XRAY_URL", "http://127.0.0.1:1") // must lose to JFROG_URL
	t.Setenv("XRAY_ACCESS_TOKEN", env.token)   // the fallback name alone is enough
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: `provider "xray" {}` + "\n" + integrationResource(env.integration(name), ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
				env.expectStored(env.integration(name)),
			},
		}},
	})
}
