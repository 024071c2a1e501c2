package server

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	xrayprovider "github.com/platformkit/terraform-provider-xray/internal/provider"
)

// TestWrapperHidesNothingTheProviderOffers fails on the day the provider gains a kind of thing
// that the framework serves through an optional protocol interface the wrapper does not
// forward: releasingServer embeds tfprotov6.ProviderServer only, so Terraform would not see list
// resources or state stores (actions are forwarded by releasingActionServer). Such a provider
// needs a wrapper that forwards the interface (or the wrapper removed, see
// TestFrameworkKeepsRequestContexts).
func TestWrapperHidesNothingTheProviderOffers(t *testing.T) {
	p := xrayprovider.New("test")()
	s, err := New(xrayprovider.New("test"))()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind      string
		offered   bool // the provider implements the framework's interface
		forwarded bool // the wrapped server implements the protocol's interface
	}{
		{"list resources", is[provider.ProviderWithListResources](p), is[tfprotov6.ListResourceServer](s)},
		// tf6server looks for the action RPCs on tfprotov6.ProviderServerWithActions.
		{"actions", is[provider.ProviderWithActions](p), is[tfprotov6.ProviderServerWithActions](s)}, //nolint:staticcheck
		{"state stores", is[provider.ProviderWithStateStores](p), is[tfprotov6.StateStoreServer](s)},
		// Ephemeral resources are part of tfprotov6.ProviderServer, so the wrapper forwards them
		// (without releasing their contexts: add that if the provider gains some).
		{"ephemeral resources", is[provider.ProviderWithEphemeralResources](p), is[tfprotov6.EphemeralResourceServer](s)},
	} {
		if c.offered && !c.forwarded {
			t.Errorf("the provider has %s, but the server wrapper hides them from Terraform", c.kind)
		}
	}
}

func is[I any](v any) bool {
	_, ok := v.(I)
	return ok
}
