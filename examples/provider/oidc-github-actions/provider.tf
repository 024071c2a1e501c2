# GitHub Actions: with `permissions: id-token: write`, the provider asks the job's token
# endpoint for an ID token with this audience and trades it for a JFrog access token.
provider "xray" {
  url                = "https://acme.jfrog.io"
  oidc_provider_name = "github-actions"
  oidc_audience      = "jfrog-github"
}
