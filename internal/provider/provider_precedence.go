package provider

import (
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// One rule for every setting: an argument in the provider block beats its environment variable,
// and an argument or variable set to "" counts as unset (a variable that defaults to "" must not
// hide the environment). The one exception is oidc_provider_name = "", an error at validate
// time: it chooses how the provider authenticates, and a silent fallback to a long-lived token
// is not what its author meant. Halves of a pair (a client certificate and its key) are looked
// up each on its own, so one may come from the provider block and the other from the
// environment.
//
// precedence is that rule written down, in the order the code tries the sources: the code reads
// its environment variable names from here, and TestDocsPrecedenceTable checks that the table in
// the provider's documentation is this one (render it with precedenceTable).
var precedence = []settingSources{
	{setting: "platform URL", arguments: []string{"url"}, envVars: []string{"JFROG_URL", "XRAY_URL"}},
	{setting: "access token", arguments: []string{"access_token", "an OIDC exchange when `oidc_provider_name` is set"},
		envVars: []string{"JFROG_ACCESS_TOKEN", "XRAY_ACCESS_TOKEN"}},
	idTokenRow(),
	{setting: "private CA", exclusive: true, arguments: []string{"ca_cert_pem", "ca_cert_path"}, envVars: []string{caCertPathEnvVar}},
	{setting: "client certificate", exclusive: true, arguments: []string{"client_certificate_pem", "client_certificate_path"},
		envVars: []string{clientCertPEMEnvVar, clientCertPathEnvVar}},
	{setting: "client private key", exclusive: true, arguments: []string{"client_private_key_pem", "client_certificate_key_path"},
		envVars: []string{clientKeyPEMEnvVar, clientKeyPathEnvVar}},
	{setting: "skip the plan-time name check", arguments: []string{"skip_name_check"}, envVars: []string{skipNameCheckEnvVar}},
	{setting: "TLS certificate verification (on unless turned off; a warning when off)", arguments: []string{"no argument"},
		envVars: []string{bypassTLSVerifyEnvVar}},
	{setting: "level of the provider's own logs", arguments: []string{"no argument"},
		envVars: []string{"`" + providerLogVariable + "` (terraform-plugin-go's; the provider reads it only to skip work for DEBUG lines no one sees)"}},
}

// idTokenRow is the ID token's row, from the list findIDToken walks.
func idTokenRow() settingSources {
	arguments, envVars := idTokenDocs()
	return settingSources{setting: "ID token for the OIDC exchange", exclusive: true, arguments: arguments, envVars: envVars}
}

// ownEnvVars are variables this provider reads that JFrog's own providers do not.
var ownEnvVars = map[string]bool{caCertPathEnvVar: true, oidcTokenEnvVar: true, skipNameCheckEnvVar: true}

// settingSources is one row of the precedence: arguments first, then the environment, each in
// order. Exclusive arguments conflict with one another: at most one of them may be set.
type settingSources struct {
	setting   string
	exclusive bool
	arguments []string
	envVars   []string
}

// envVarsOf returns the environment variables of the named setting.
func envVarsOf(setting string) []string {
	for _, s := range precedence {
		if s.setting == setting {
			return s.envVars
		}
	}
	panic("no precedence row for " + setting) // a typo in this package; caught by every test
}

// precedenceTable renders precedence as the Markdown table of the provider's documentation.
func precedenceTable() string {
	var b strings.Builder
	b.WriteString("| setting | provider block (wins) | then the environment, in order |\n")
	b.WriteString("|---------|-----------------------|--------------------------------|\n")
	for _, s := range precedence {
		args := make([]string, len(s.arguments))
		for i, a := range s.arguments {
			args[i] = codeUnlessProse(a)
		}
		vars := make([]string, len(s.envVars))
		for i, v := range s.envVars {
			vars[i] = codeUnlessProse(v)
			if ownEnvVars[v] {
				vars[i] += " (this provider's own)"
			}
		}
		join := ", then "
		if s.exclusive {
			join = " or "
		}
		b.WriteString("| " + s.setting + " | " + strings.Join(args, join) + " | " + strings.Join(vars, ", then ") + " |\n")
	}
	return b.String()
}

// codeUnlessProse formats a bare name as code and leaves a phrase as written.
func codeUnlessProse(s string) string {
	if strings.ContainsAny(s, " `") {
		return s
	}
	return "`" + s + "`"
}

// fromConfigOrEnv returns the configured value, or else the first environment variable that is
// set, and where the value came from, for messages. "" counts as unset on both sides.
func fromConfigOrEnv(v types.String, attribute string, envVars []string) (value, source string) {
	if s := v.ValueString(); s != "" {
		return s, "the " + attribute + " attribute"
	}
	for _, name := range envVars {
		if s := os.Getenv(name); s != "" {
			return s, "the " + name + " environment variable"
		}
	}
	return "", ""
}
