package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// GitHub's ID-token endpoint has the API client's retries: a 503 is asked again, not reported
// as "GitHub Actions refused".
func TestAccOIDC_gitHubActionsIsRetried(t *testing.T) {
	env := newOIDCEnv(t)
	var calls atomic.Int32
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"value":%q}`, fakexray.MintIDToken("repo:acme/infra", r.URL.Query().Get("audience")))
	}))
	t.Cleanup(gh.Close)
	t.Setenv(actionsRequestURLEnvVar, gh.URL+"/idtoken?api-version=2.0")
	t.Setenv(actionsRequestTokenEnv, "request-token")
	name := randomName()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			Config: env.oidcConfig(name, `  oidc_provider_name = "ci-pipeline"
  oidc_audience      = "jfrog"`),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(env.integration(name)),
				env.expectExchanges("repo:acme/infra", "jfrog"),
			},
		}},
	})
}
