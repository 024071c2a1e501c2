package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A URL without a scheme says to add https://, and names where it came from.
func TestAccURL_noSchemeSaysToAddHTTPSAndNamesTheSource(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", env.token)
	hostPort := strings.TrimPrefix(env.url, "http://")
	res := integrationResource(env.integration(randomName()), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"xray\" { url = %q }\n", hostPort) + res,
			ExpectError: expectError("Invalid Xray URL", "from the url attribute", "Add https://", "https://"+hostPort),
		}, {
			PreConfig:   func() { t.Setenv("JFROG_URL", hostPort) },
			Config:      `provider "xray" {}` + res,
			ExpectError: expectError("Invalid Xray URL", "from the JFROG_URL environment variable", "Add https://"),
		}},
	})
	if n := len(env.fake.Requests()); n != 0 {
		t.Errorf("an invalid URL sent %d requests, want none", n)
	}
}

// https:// against a plain-HTTP platform fails at once (no retries: before, 8.6 s), says which
// side speaks what, and names where the URL came from.
func TestAccURL_httpsToAPlainHTTPServerFailsAtOnce(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", env.token)
	t.Setenv("JFROG_URL", strings.Replace(env.url, "http://", "https://", 1))
	var start time.Time
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:   func() { start = time.Now() },
			Config:      `provider "xray" {}` + integrationResource(env.integration(randomName()), ""),
			ExpectError: expectError("speaks plain HTTP", "from the JFROG_URL environment variable", "starts with https://"),
		}},
	})
	// The CLI's own start-up takes a second or two; the retries took 8.6 s more.
	if elapsed := time.Since(start); elapsed > 6*time.Second {
		t.Errorf("the failing plan took %s: the mismatch was retried", elapsed)
	}
}

// A platform that moved answers with a redirect: the provider follows none, through the CLI
// too. The error names the status, the new address and where url came from; nothing reaches
// the new address, so the create neither happens there nor counts as done.
func TestAccURL_redirectIsNotFollowed(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", env.url+r.URL.RequestURI())
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(moved.Close)
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"xray\" {\n  url          = %q\n  access_token = %q\n}\n", moved.URL, env.token) +
				integrationResource(env.integration(name), ""),
			ExpectError: expectError("redirected (HTTP 307", env.url, "follows no redirect",
				"Set the platform URL (now from the url attribute) to the new address, "+env.url),
		}},
	})
	if reqs := env.fake.Requests(); len(reqs) != 0 {
		t.Errorf("the redirect was followed: the new address received %d requests (%s %s)", len(reqs), reqs[0].Method, reqs[0].Path)
	}
	if _, ok := env.fake.Integration(name); ok {
		t.Errorf("the integration was created at the new address")
	}
}
