package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The whole lifecycle at TF_LOG=TRACE, Terraform's and the provider's logs captured in one file:
// no password, write-only password or access token may appear in it. The secrets come in the
// way a pipeline passes them, through environment variables (JFROG_ACCESS_TOKEN, TF_VAR_*):
// written as literals in HCL, the test framework itself would log them with the configuration.
func TestAccSecretsNeverLogged(t *testing.T) {
	if realXray() {
		t.Skip("uses its own fake Xray with a distinctive token")
	}
	token := "tok-" + randomName()
	env := newTestEnv(t, fakexray.WithAdminToken(token))
	logDir := t.TempDir()
	clearProviderEnv(t)
	t.Setenv("JFROG_URL", env.url)
	t.Setenv("JFROG_ACCESS_TOKEN", token)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))

	name, woName := randomName(), randomName()
	secrets := map[string]string{
		"access token": token,
		"password":     "pw-stored-" + randomName(), "rotated password": "pw-rotated-" + randomName(),
		"password_wo": "pw-wo-" + randomName(), "rotated password_wo": "pw-wo-rotated-" + randomName(),
	}
	config := func(version int) string {
		return fmt.Sprintf(`
provider "xray" {}

variable "password" {
  type      = string
  sensitive = true
}

variable "password_wo" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "xray_jira_integration" "test" {
  connection_name   = %[1]q
  username          = "customer@example.com"
  password          = var.password
  installation_type = "cloud"
  jira_server_url   = "https://customer.atlassian.net"
}

resource "xray_jira_integration" "wo" {
  connection_name     = %[2]q
  username            = "customer@example.com"
  password_wo         = var.password_wo
  password_wo_version = %[3]d
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}
`, name, woName, version)
	}
	setPasswords := func(stored, writeOnly string) func() {
		return func() {
			t.Setenv("TF_VAR_password", secrets[stored])
			t.Setenv("TF_VAR_password_wo", secrets[writeOnly])
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipBelow(writeOnlyCLI)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name, woName),
		Steps: []resource.TestStep{{
			PreConfig: setPasswords("password", "password_wo"),
			Config:    config(1),
		}, {
			PreConfig: setPasswords("rotated password", "rotated password_wo"),
			Config:    config(2),
			// The rotated secrets reached Xray, so they did pass through the logged code paths.
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectStored(withPassword(env.integration(name), secrets["rotated password"])),
				stateCheckFunc(func() error {
					if got, _ := env.fake.Integration(woName); got.Password != secrets["rotated password_wo"] {
						return fmt.Errorf("Xray did not receive the rotated write-only password")
					}
					return nil
				}),
			},
		}, {
			ResourceName:            resourceAddr,
			Config:                  config(2),
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"password"},
		}},
	})

	text := readLogs(t, logDir)
	// Prove the logs hold what they should, so an empty or provider-less log cannot pass.
	for _, want := range []string{"Xray API request", "http_status", "ApplyResourceChange", "password_wo"} {
		if !strings.Contains(text, want) {
			t.Errorf("the TRACE log (%d bytes) lacks %q: the check would prove nothing", len(text), want)
		}
	}
	for what, secret := range secrets {
		if n := strings.Count(text, secret); n > 0 {
			t.Errorf("the %s appears %d times in the TRACE log", what, n)
		}
	}
}

func readLogs(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no log file was written in %s: %v", dir, err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

// The same at TF_LOG=TRACE with OIDC and mutual TLS: no ID token (from GitHub Actions or given
// directly), GitHub's request token, exchanged access token or client private key may appear.
func TestAccSecretsNeverLogged_oidcAndTLS(t *testing.T) {
	env, pki, files := newTLSEnv(t, fakexray.TLSOptions{RequireClientCert: true})
	env.fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "ci-pipeline"})
	actions := fakexray.NewActionsTokenServer(t, "repo:acme/infra", nil)
	directToken := fakexray.MintIDToken("project_path:acme/infra", "gitlab")
	logDir := t.TempDir()
	t.Setenv("JFROG_ACCESS_TOKEN", "")
	t.Setenv(caCertPathEnvVar, files["ca.pem"])
	t.Setenv("TF_VAR_client_cert", string(pki.ClientCertPEM))
	t.Setenv("TF_VAR_client_key", string(pki.ClientKeyPEM))
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))

	name := randomName()
	config := func(password string) string {
		return `
variable "client_cert" { type = string }

variable "client_key" {
  type      = string
  sensitive = true
}

variable "oidc_token" {
  type      = string
  sensitive = true
  default   = null
}

provider "xray" {
  oidc_provider_name     = "ci-pipeline"
  oidc_token             = var.oidc_token
  client_certificate_pem = var.client_cert
  client_private_key_pem = var.client_key
}
` + integrationResource(withPassword(env.integration(name), password), "")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed(name),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				t.Setenv(actionsRequestURLEnvVar, actions.RequestURL)
				t.Setenv(actionsRequestTokenEnv, actions.RequestToken)
			},
			Config: config("first"),
		}, {
			PreConfig: func() {
				t.Setenv(actionsRequestURLEnvVar, "")
				t.Setenv(actionsRequestTokenEnv, "")
				t.Setenv("TF_VAR_oidc_token", directToken)
			},
			Config: config("second"),
			ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
				for _, x := range env.fake.OIDCExchanges() {
					if x.Subject == "project_path:acme/infra" {
						return nil
					}
				}
				return fmt.Errorf("the directly given ID token was never exchanged")
			})},
		}},
	})

	text := readLogs(t, logDir)
	for _, want := range []string{"Xray API request", "Exchanged the ID token", "client_private_key_pem"} {
		if !strings.Contains(text, want) {
			t.Errorf("the TRACE log (%d bytes) lacks %q: the check would prove nothing", len(text), want)
		}
	}
	secrets := map[string]string{"GitHub request token": actions.RequestToken, "direct ID token": directToken}
	for i, r := range actions.Requests() {
		secrets[fmt.Sprintf("GitHub ID token %d", i)] = r.Issued
	}
	for i, x := range env.fake.OIDCExchanges() {
		secrets[fmt.Sprintf("exchanged token %d", i)] = x.IssuedToken
	}
	if len(secrets) < 5 {
		t.Fatalf("too few secrets went through the run to prove anything: %v", len(secrets))
	}
	// The key as a whole, and each line of its base64 body, in case a log reflows it.
	secrets["client private key"] = string(pki.ClientKeyPEM)
	for i, line := range strings.Split(string(pki.ClientKeyPEM), "\n") {
		if len(line) > 20 && !strings.HasPrefix(line, "-----") {
			secrets[fmt.Sprintf("client private key line %d", i)] = line
		}
	}
	for what, secret := range secrets {
		if secret == "" {
			continue
		}
		if n := strings.Count(text, secret); n > 0 {
			t.Errorf("the %s appears %d times in the TRACE log", what, n)
		}
	}
}
