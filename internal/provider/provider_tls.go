package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// The TLS environment variables. The client certificate names and the bypass are JFrog's
// (its Artifactory provider's); JFrog has no private-CA option, so that name is ours.
const (
	caCertPathEnvVar      = "JFROG_CA_CERT_PATH"
	clientCertPathEnvVar  = "JFROG_CLIENT_CERT_PATH"
	clientKeyPathEnvVar   = "JFROG_CLIENT_CERT_KEY_PATH"
	clientCertPEMEnvVar   = "JFROG_CLIENT_CERT_PEM"
	clientKeyPEMEnvVar    = "JFROG_CLIENT_PRIVATE_KEY_PEM"
	bypassTLSVerifyEnvVar = "JFROG_BYPASS_TLS_VERIFICATION"
)

// certificateHint follows any error that is a certificate problem.
const certificateHint = "This is a TLS certificate problem. If the JFrog platform's certificate is issued by a private CA, " +
	"trust that CA with ca_cert_pem or ca_cert_path in the provider block (or " + caCertPathEnvVar + ", or SSL_CERT_FILE). " +
	"If the platform requires a client certificate, set client_certificate_path and client_certificate_key_path " +
	"(or client_certificate_pem and client_private_key_pem, or " + clientCertPathEnvVar + " and " + clientKeyPathEnvVar + ")."

const tlsSettingsHint = "Check ca_cert_pem / ca_cert_path (" + caCertPathEnvVar + ") and the client certificate settings: " +
	"client_certificate_path with client_certificate_key_path (" + clientCertPathEnvVar + ", " + clientKeyPathEnvVar + "), " +
	"or client_certificate_pem with client_private_key_pem (" + clientCertPEMEnvVar + ", " + clientKeyPEMEnvVar + ")."

func tlsAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"ca_cert_pem": schema.StringAttribute{
			MarkdownDescription: "PEM-encoded CA certificates trusted in addition to the system's, for a platform whose certificate a private CA issued. Conflicts with `ca_cert_path`.",
			Optional:            true,
		},
		"ca_cert_path": schema.StringAttribute{
			MarkdownDescription: "A file of PEM-encoded CA certificates trusted in addition to the system's. Defaults to the `" + caCertPathEnvVar + "` environment variable. " +
				"`SSL_CERT_FILE` and `SSL_CERT_DIR` also work, but replace the system's CAs rather than add to them.",
			Optional: true,
		},
		"client_certificate_path": schema.StringAttribute{
			MarkdownDescription: "A PEM client certificate file for mutual TLS, with `client_certificate_key_path`. Defaults to `" + clientCertPathEnvVar + "`.",
			Optional:            true,
		},
		"client_certificate_key_path": schema.StringAttribute{
			MarkdownDescription: "The PEM private key file of `client_certificate_path`. Defaults to `" + clientKeyPathEnvVar + "`.",
			Optional:            true,
		},
		"client_certificate_pem": schema.StringAttribute{
			MarkdownDescription: "A PEM client certificate for mutual TLS, with `client_private_key_pem`. Defaults to `" + clientCertPEMEnvVar + "`.",
			Optional:            true,
		},
		"client_private_key_pem": schema.StringAttribute{
			MarkdownDescription: "The PEM private key of `client_certificate_pem`. Defaults to `" + clientKeyPEMEnvVar + "`.",
			Optional:            true,
			Sensitive:           true,
		},
	}
}

// tlsConfigValidators reject two ways of giving one thing at validate time, before any request.
// Half a client certificate pair in the provider block is not an error here: its other half may
// come from the environment (see precedence), and Configure reports a pair that stays half.
func tlsConfigValidators() []provider.ConfigValidator {
	root := path.MatchRoot
	return []provider.ConfigValidator{
		providervalidator.Conflicting(root("client_certificate_path"), root("client_certificate_pem")),
		providervalidator.Conflicting(root("client_certificate_key_path"), root("client_private_key_pem")),
		providervalidator.Conflicting(root("ca_cert_pem"), root("ca_cert_path")),
	}
}

// tlsOptionsFrom reads the TLS settings and the files they name. Each one comes from its
// arguments first, then the environment (see precedence), and the certificate and the key are
// looked up each on its own. The bypass adds a warning on every run.
func tlsOptionsFrom(cfg providerModel, diags *diag.Diagnostics) xray.TLSOptions {
	var opts xray.TLSOptions
	opts.CACertPEM, _ = pemOrFile(cfg.CACertPEM, "ca_cert_pem", cfg.CACertPath, "ca_cert_path", envVarsOf("private CA"), "CA certificate", diags)
	var certFrom, keyFrom string
	opts.ClientCertPEM, certFrom = pemOrFile(cfg.ClientCertificatePEM, "client_certificate_pem", cfg.ClientCertificatePath,
		"client_certificate_path", envVarsOf("client certificate"), "client certificate", diags)
	opts.ClientKeyPEM, keyFrom = pemOrFile(cfg.ClientPrivateKeyPEM, "client_private_key_pem", cfg.ClientCertificateKeyPath,
		"client_certificate_key_path", envVarsOf("client private key"), "client private key", diags)
	switch {
	case certFrom != "" && keyFrom == "":
		diags.AddError("Invalid TLS settings", fmt.Sprintf("A client certificate was given without its private key: the certificate comes from %s, "+
			"and no key was found. Set client_certificate_key_path or client_private_key_pem in the provider block, or %s or %s.",
			certFrom, clientKeyPathEnvVar, clientKeyPEMEnvVar))
	case keyFrom != "" && certFrom == "":
		diags.AddError("Invalid TLS settings", fmt.Sprintf("A client private key was given without its certificate: the key comes from %s, "+
			"and no certificate was found. Set client_certificate_path or client_certificate_pem in the provider block, or %s or %s.",
			keyFrom, clientCertPathEnvVar, clientCertPEMEnvVar))
	}

	if raw := os.Getenv(bypassTLSVerifyEnvVar); raw != "" {
		bypass, err := strconv.ParseBool(raw)
		switch {
		case err != nil:
			diags.AddError("Invalid "+bypassTLSVerifyEnvVar, fmt.Sprintf("%s must be true or false, not %q.", bypassTLSVerifyEnvVar, raw))
		case bypass:
			opts.InsecureSkipVerify = true
			diags.AddWarning("TLS certificate verification is disabled",
				bypassTLSVerifyEnvVar+" is true: the provider accepts any certificate from the JFrog platform, so anyone on the network path "+
					"could read the access token. Use it only with test platforms; trust a private CA with ca_cert_pem or ca_cert_path instead.")
		}
	}
	return opts
}

// pemOrFile returns PEM given inline or read from a file, and where it came from: the PEM
// argument, the file argument, then envVars in order (a variable whose name ends in _PATH names
// a file, any other holds PEM). Read errors name the file and where its name came from; never
// its content.
func pemOrFile(pemAttr types.String, pemAttrName string, fileAttr types.String, fileAttrName string, envVars []string,
	what string, diags *diag.Diagnostics) ([]byte, string) {
	if v := pemAttr.ValueString(); v != "" {
		return []byte(v), "the " + pemAttrName + " attribute"
	}
	file, from := fileAttr.ValueString(), "the "+fileAttrName+" attribute"
	if file == "" {
		for _, name := range envVars {
			v := os.Getenv(name)
			if v == "" {
				continue
			}
			if !strings.HasSuffix(name, "_PATH") {
				return []byte(v), "the " + name + " environment variable"
			}
			file, from = v, "the "+name+" environment variable"
			break
		}
	}
	if file == "" {
		return nil, ""
	}
	data, err := os.ReadFile(file)
	if err != nil {
		diags.AddAttributeError(path.Root(fileAttrName), "Unable to read the "+what,
			fmt.Sprintf("The %s file %q (from %s) cannot be read: %v.", what, file, from, err))
		return nil, from
	}
	return data, from
}
