package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const clearTextTestToken = "SECRET-clear-text-77"

// configureWith runs the provider's Configure on a provider block that sets only the given
// string arguments, and returns its diagnostics. It makes no request: with an access token,
// Configure only builds the client.
func configureWith(t *testing.T, args map[string]string) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var sresp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sresp)
	objType, ok := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	vals := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range args {
		vals[name] = tftypes.NewValue(tftypes.String, v)
	}
	cfg := tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(objType, vals)}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: cfg}, &resp)
	return resp.Diagnostics
}

// An http:// platform URL on a host that is not loopback sends the access token in clear: one
// warning at configure time, naming where the URL came from; not an error. The host is never
// contacted (the name is reserved and resolves nowhere), so the test needs no such server: the
// warning is decided from the URL alone, before any request.
func TestClearTextURLWarnsOnceNamingItsSource(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", clearTextTestToken)
	for _, tc := range []struct {
		name, url, envURL, source string
	}{
		{"attribute", "http://xray.example.invalid", "", "the url attribute"},
		{"JFROG_URL", "", "http://10.1.2.3:8082", "the JFROG_URL environment variable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := map[string]string{}
			if tc.url != "" {
				args["url"] = tc.url
			}
			t.Setenv("JFROG_URL", tc.envURL)
			diags := configureWith(t, args)
			if diags.HasError() {
				t.Fatalf("an http:// URL is refused: %v", diags)
			}
			if len(diags.Warnings()) != 1 {
				t.Fatalf("warnings = %v, want exactly one", diags.Warnings())
			}
			w := diags.Warnings()[0]
			text := w.Summary() + " " + w.Detail()
			for _, want := range []string{tc.source, "http://", "clear", "https://"} {
				if !strings.Contains(text, want) {
					t.Errorf("warning %q does not say %q", text, want)
				}
			}
			if strings.Contains(text, clearTextTestToken) {
				t.Errorf("warning %q shows the token", text)
			}
		})
	}
}

// Loopback hosts and https:// give no warning: the token does not leave the machine, or is
// encrypted.
func TestNoClearTextWarningForLoopbackOrHTTPS(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", clearTextTestToken)
	for _, u := range []string{"http://127.0.0.1:8081", "http://127.8.9.10", "http://localhost:8081", "http://[::1]:8081",
		"https://xray.example.invalid", "HTTPS://xray.example.invalid"} {
		if diags := configureWith(t, map[string]string{"url": u}); len(diags) != 0 {
			t.Errorf("url %s: diagnostics %v, want none", u, diags)
		}
	}
}

// GitHub's ID-token endpoint is always HTTPS: an http:// ACTIONS_ID_TOKEN_REQUEST_URL is refused
// before the request token is sent, unless it is on loopback (a local stand-in, as the fake's).
func TestGitHubIDTokenRefusesPlainHTTPOffLoopback(t *testing.T) {
	for _, u := range []string{"http://token.actions.example.invalid/idtoken", "http://10.0.0.1/idtoken", "ftp://127.0.0.1/idtoken"} {
		_, err := gitHubIDToken(context.Background(), fastRetries, u, testRequestToken, "")
		if err == nil || !strings.Contains(err.Error(), actionsRequestURLEnvVar) || !strings.Contains(err.Error(), "https://") {
			t.Errorf("%s: got %v, want a refusal naming %s and https://", u, err, actionsRequestURLEnvVar)
		}
		if err != nil && (strings.Contains(err.Error(), "timeout") || strings.Contains(err.Error(), "no such host")) {
			t.Errorf("%s: a request was attempted: %v", u, err)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1": true, "127.255.0.9": true, "::1": true, "localhost": true, "LOCALHOST": true,
		"localhost.": true, "128.0.0.1": false, "10.0.0.1": false, "localhost.example.com": false, "example.invalid": false, "::2": false, "": false} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
