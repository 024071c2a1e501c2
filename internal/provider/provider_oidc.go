package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// Where an ID token for the OIDC exchange is found, in the order they are tried.
const (
	tfcTokenEnvVar          = "TFC_WORKLOAD_IDENTITY_TOKEN"
	actionsRequestURLEnvVar = "ACTIONS_ID_TOKEN_REQUEST_URL"
	actionsRequestTokenEnv  = "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
	oidcTokenEnvVar         = "JFROG_OIDC_TOKEN"
)

func oidcAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"oidc_provider_name": schema.StringAttribute{
			MarkdownDescription: "The name of the OIDC integration in the JFrog platform. When set (and `access_token` is not), " +
				"the provider trades the CI system's ID token for an access token at `/access/api/v1/oidc/token`, " +
				"once per provider process. See the OIDC guide for where the ID token comes from. " +
				"An empty string is an error rather than unset: it would silently fall back to `JFROG_ACCESS_TOKEN`.",
			Optional:   true,
			Validators: []validator.String{emptyOIDCProviderName{}},
		},
		"tfc_credential_tag_name": schema.StringAttribute{
			MarkdownDescription: "The tag of an HCP Terraform / Terraform Enterprise workload identity token: the provider then reads " +
				"`TFC_WORKLOAD_IDENTITY_TOKEN_<tag>` instead of `TFC_WORKLOAD_IDENTITY_TOKEN`, before any other source but `oidc_token`. " +
				"Conflicts with `oidc_token`.",
			Optional: true,
		},
		"oidc_audience": schema.StringAttribute{
			MarkdownDescription: "The audience to ask GitHub Actions for (`&audience=` on `ACTIONS_ID_TOKEN_REQUEST_URL`); it must match " +
				"the audience the JFrog OIDC integration expects. Other CI systems set the audience where they mint the token.",
			Optional: true,
		},
		"oidc_token": schema.StringAttribute{
			MarkdownDescription: "An ID token (a JWT) given directly, for CI systems such as GitLab (`id_tokens`). Defaults to the " +
				"`" + oidcTokenEnvVar + "` environment variable (this provider's own). Both win over the tokens a CI system " +
				"offers every job (`TFC_WORKLOAD_IDENTITY_TOKEN`, GitHub Actions' token endpoint).",
			Optional:  true,
			Sensitive: true,
		},
	}
}

// usesOIDC reports whether the token comes from an OIDC exchange: access_token in the
// configuration wins over it, and it wins over the token environment variables. An empty
// access_token counts as unset, like every empty argument (see precedence).
func (m providerModel) usesOIDC() bool {
	return m.AccessToken.ValueString() == "" && m.OIDCProviderName.ValueString() != ""
}

// accessToken resolves the bearer token: access_token, then the OIDC exchange, then
// JFROG_ACCESS_TOKEN / XRAY_ACCESS_TOKEN.
// With OIDC, it also returns where the ID token came from, for later messages.
func (p *xrayProvider) accessToken(ctx context.Context, cfg providerModel, base xray.Config, diags *diag.Diagnostics) (token, idTokenSource string) {
	if cfg.AccessToken.ValueString() != "" && cfg.OIDCProviderName.ValueString() != "" {
		diags.AddAttributeWarning(path.Root("oidc_provider_name"), "OIDC is not used",
			"Both access_token and oidc_provider_name are set: access_token wins and no OIDC token exchange happens. Remove one of them.")
	}
	if cfg.usesOIDC() {
		return oidcToken(ctx, cfg, base, diags)
	}
	token, _ = fromConfigOrEnv(cfg.AccessToken, "access_token", tokenEnvVars)
	if token == "" {
		detail := "Set access_token in the provider block, or the JFROG_ACCESS_TOKEN (or XRAY_ACCESS_TOKEN) environment variable, to an access token of an Xray admin, " +
			"or set oidc_provider_name to trade the CI system's ID token for one."
		if !cfg.AccessToken.IsNull() {
			detail = "access_token is set to an empty string (for example from a variable that defaults to \"\"), which counts as unset, " +
				"and neither oidc_provider_name nor JFROG_ACCESS_TOKEN (or XRAY_ACCESS_TOKEN) is set. " + detail
		}
		diags.AddAttributeError(path.Root("access_token"), "Missing Xray access token", detail)
	}
	return token, ""
}

// oidcToken finds the ID token and exchanges it. It runs in Configure rather than on the first
// request: a failure is then one provider error at plan time, naming the ID token's source,
// instead of the same error on every resource; and resources need no lazy, shared token state.
// Terraform configures the provider once per process (one for the plan, one for the apply), so
// this is one exchange per process, the same count as a lazy exchange in any run that reads a
// resource; only a run that touches no Xray resource pays for an exchange it did not need.
func oidcToken(ctx context.Context, cfg providerModel, base xray.Config, diags *diag.Diagnostics) (token, source string) {
	providerName := cfg.OIDCProviderName.ValueString()
	ctx = maskSecrets(ctx, os.Getenv(actionsRequestTokenEnv))
	source, idToken, err := findIDToken(ctx, cfg, base)
	ctx = maskSecrets(ctx, idToken)
	if err != nil {
		diags.AddAttributeError(path.Root("oidc_provider_name"), "No ID token for the OIDC exchange", err.Error())
		return "", ""
	}
	tflog.Debug(ctx, "Exchanging an ID token for a JFrog access token", map[string]any{"oidc_provider_name": providerName, "id_token_source": source})
	token, err = xray.ExchangeOIDCToken(ctx, base, providerName, idToken)
	if err != nil {
		detail := fmt.Sprintf("%v\n\nThe ID token came from %s. ", err, source)
		var oidcErr *xray.OIDCError
		var redirect *xray.RedirectError
		switch {
		case xray.IsCertificateError(err):
			detail += certificateHint
		case errors.As(err, &redirect):
			detail += "The exchange was not repeated at the new address, so the ID token went nowhere else."
		case errors.As(err, &oidcErr) && oidcErr.StatusCode == http.StatusNotFound:
			detail += fmt.Sprintf("Check that an OIDC integration named %q exists in the JFrog platform (Administration → General → Manage Integrations).", providerName)
		case errors.As(err, &oidcErr) && oidcErr.StatusCode != 0:
			detail += fmt.Sprintf("Check that the identity mappings of the OIDC integration %q match this token's claims (issuer, subject, audience).", providerName)
		case xray.IsProtocolMismatch(err):
			// The error says which side speaks what.
		default:
			detail += "Check that the platform URL (from " + base.URLSource + ") points at the JFrog platform and that it is reachable from here."
		}
		diags.AddAttributeError(path.Root("oidc_provider_name"), "OIDC token exchange failed", detail)
		return "", source
	}
	tflog.Debug(ctx, "Exchanged the ID token for a JFrog access token", map[string]any{"oidc_provider_name": providerName, "id_token_source": source})
	return token, source
}

// findIDToken looks for the CI system's ID token in idTokenSources, in order, and returns the
// first it finds and where it came from, for messages.
func findIDToken(ctx context.Context, cfg providerModel, base xray.Config) (source, token string, err error) {
	var tried []string
	for _, s := range idTokenSources {
		source, token, err := s.find(ctx, cfg, base)
		if err != nil {
			return "", "", err
		}
		if token != "" {
			return source, token, nil
		}
		if t := s.tried(cfg); t != "" {
			tried = append(tried, t)
		}
	}
	msg := "oidc_provider_name is set, so the provider needs the CI system's ID token, but none was found. Tried, in order:\n"
	for _, t := range tried {
		msg += "  - " + t + "\n"
	}
	return "", "", errors.New(msg + "\nOn GitLab and other CI systems, pass the job's ID token as " + oidcTokenEnvVar + ". To use an access token instead, remove oidc_provider_name.")
}

// checkExchangedToken asks Xray for its version with the exchanged token, so that a token Xray
// does not accept is reported once, naming the OIDC integration, rather than as a bare 401 on
// every resource. Other failures are left to the resources, which explain them.
func checkExchangedToken(ctx context.Context, client *xray.Client, providerName, idTokenSource string, diags *diag.Diagnostics) bool {
	_, err := client.GetVersion(ctx)
	if xray.StatusCode(err) != http.StatusUnauthorized {
		return true
	}
	diags.AddAttributeError(path.Root("oidc_provider_name"), "Xray rejected the token from the OIDC exchange",
		fmt.Sprintf("The JFrog platform issued an access token through the OIDC integration %q for the ID token from %s, but Xray does not accept it: %v\n\n"+
			"Check that the integration's identity mapping issues a token for a user or group that has access to Xray.", providerName, idTokenSource, err))
	return false
}

// oidcConfigValidators reject OIDC arguments that would be ignored: without oidc_provider_name,
// or two ID tokens named in the configuration (oidc_token and a tagged workload identity token).
func oidcConfigValidators() []provider.ConfigValidator {
	return []provider.ConfigValidator{
		oidcArgumentsNeedProvider{},
		providervalidator.Conflicting(path.MatchRoot("oidc_token"), path.MatchRoot("tfc_credential_tag_name")),
	}
}

// oidcArgumentsNeedProvider rejects OIDC arguments without oidc_provider_name at plan time:
// without it they would be silently ignored.
type oidcArgumentsNeedProvider struct{}

func (oidcArgumentsNeedProvider) Description(_ context.Context) string {
	return "tfc_credential_tag_name, oidc_audience and oidc_token need oidc_provider_name"
}

func (v oidcArgumentsNeedProvider) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (oidcArgumentsNeedProvider) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() || !cfg.OIDCProviderName.IsNull() {
		return
	}
	for name, v := range map[string]types.String{
		"tfc_credential_tag_name": cfg.TFCCredentialTagName, "oidc_audience": cfg.OIDCAudience, "oidc_token": cfg.OIDCToken,
	} {
		if !v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Missing oidc_provider_name",
				fmt.Sprintf("%s is only used for the OIDC token exchange: set oidc_provider_name to the name of the JFrog platform's OIDC integration, or remove %s.", name, name))
		}
	}
}

// emptyOIDCProviderName rejects oidc_provider_name = "" (often a CI variable that defaults to
// empty): unlike other empty arguments it is not "unset", because falling back from OIDC to
// JFROG_ACCESS_TOKEN without a word is not what the configuration asked for.
type emptyOIDCProviderName struct{}

func (emptyOIDCProviderName) Description(context.Context) string {
	return "must not be empty"
}

func (v emptyOIDCProviderName) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (emptyOIDCProviderName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty oidc_provider_name",
		"oidc_provider_name is set to an empty string (for example from a CI variable that defaults to \"\"). "+
			"Set it to the name of the JFrog platform's OIDC integration, or remove it (or set it to null) to use access_token or JFROG_ACCESS_TOKEN.")
}
