# GitLab CI and other CI systems: the job's ID token is passed in JFROG_OIDC_TOKEN (or the
# oidc_token argument) and traded for a JFrog access token.
provider "xray" {
  url                = "https://acme.jfrog.io"
  oidc_provider_name = "gitlab"
}
