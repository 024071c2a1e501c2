package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// idTokenSource is one place findIDToken looks for the CI system's ID token.
type idTokenSource struct {
	// doc names the source in the precedence table: an argument, or an environment variable
	// (bare names are set as code; phrases are written as they should read).
	doc string
	// inBlock is true for a source the provider block names (the table's middle column).
	inBlock bool
	// tried says what was looked at, for the error when no source has a token; "" when the
	// source does not apply to this configuration.
	tried func(cfg providerModel) string
	// find returns the token and where it came from, or "" when the source has none.
	find func(ctx context.Context, cfg providerModel, base xray.Config) (source, token string, err error)
}

// idTokenSources are where findIDToken looks, in the order it tries them; the precedence table's
// ID-token row is rendered from this list, so the docs cannot drift from the code.
//
// What the configuration names comes first: oidc_token, or HCP Terraform's tagged workload
// identity token when tfc_credential_tag_name is set (that tag names a different audience, so
// the untagged token is no substitute and is skipped). Then JFROG_OIDC_TOKEN, which only a user
// sets. Last the tokens a CI system offers every job, which may be there for other tools (a
// GitHub job with `id-token: write` for cloud credentials): HCP Terraform's untagged token, then
// GitHub Actions' token endpoint.
var idTokenSources = []idTokenSource{
	{
		doc: "oidc_token", inBlock: true,
		tried: func(providerModel) string { return "the oidc_token attribute" },
		find: func(_ context.Context, cfg providerModel, _ xray.Config) (string, string, error) {
			return "the oidc_token attribute", cfg.OIDCToken.ValueString(), nil
		},
	},
	{
		doc: "`" + tfcTokenEnvVar + "_<tag>` when `tfc_credential_tag_name` is set", inBlock: true,
		tried: func(cfg providerModel) string {
			if tag := cfg.TFCCredentialTagName.ValueString(); tag != "" {
				return tfcTokenEnvVar + "_" + tag + " (HCP Terraform workload identity, tagged by tfc_credential_tag_name)"
			}
			return ""
		},
		find: func(_ context.Context, cfg providerModel, _ xray.Config) (string, string, error) {
			tag := cfg.TFCCredentialTagName.ValueString()
			if tag == "" {
				return "", "", nil
			}
			tagged := tfcTokenEnvVar + "_" + tag
			return tagged, os.Getenv(tagged), nil
		},
	},
	{
		doc:   oidcTokenEnvVar,
		tried: func(providerModel) string { return oidcTokenEnvVar },
		find: func(context.Context, providerModel, xray.Config) (string, string, error) {
			return oidcTokenEnvVar, os.Getenv(oidcTokenEnvVar), nil
		},
	},
	{
		doc: "`" + tfcTokenEnvVar + "` (skipped when `tfc_credential_tag_name` is set)",
		tried: func(cfg providerModel) string {
			if cfg.TFCCredentialTagName.ValueString() != "" {
				return ""
			}
			return tfcTokenEnvVar + " (HCP Terraform workload identity)"
		},
		find: func(_ context.Context, cfg providerModel, _ xray.Config) (string, string, error) {
			if cfg.TFCCredentialTagName.ValueString() != "" {
				return "", "", nil
			}
			return tfcTokenEnvVar, os.Getenv(tfcTokenEnvVar), nil
		},
	},
	{
		doc: "GitHub Actions (`" + actionsRequestURLEnvVar + "` with `" + actionsRequestTokenEnv + "`)",
		tried: func(providerModel) string {
			return actionsRequestURLEnvVar + " and " + actionsRequestTokenEnv + " (GitHub Actions, with `permissions: id-token: write`)"
		},
		find: func(ctx context.Context, cfg providerModel, base xray.Config) (string, string, error) {
			requestURL, requestToken := os.Getenv(actionsRequestURLEnvVar), os.Getenv(actionsRequestTokenEnv)
			if requestURL == "" || requestToken == "" {
				return "", "", nil
			}
			t, err := gitHubIDToken(ctx, base, requestURL, requestToken, cfg.OIDCAudience.ValueString())
			if err != nil {
				return "", "", fmt.Errorf("the ID token request to GitHub Actions (%s) failed: %w", actionsRequestURLEnvVar, err)
			}
			return "GitHub Actions (" + actionsRequestURLEnvVar + ")", t, nil
		},
	},
}

// idTokenDocs returns the precedence table's names of the ID-token sources, the provider block's
// and the environment's, each in the order findIDToken tries them.
func idTokenDocs() (arguments, envVars []string) {
	for _, s := range idTokenSources {
		if s.inBlock {
			arguments = append(arguments, s.doc)
		} else {
			envVars = append(envVars, s.doc)
		}
	}
	return arguments, envVars
}
