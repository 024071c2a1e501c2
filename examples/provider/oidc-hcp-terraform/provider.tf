# HCP Terraform / Terraform Enterprise workload identity: the run's ID token (the workspace sets
# TFC_WORKLOAD_IDENTITY_AUDIENCE_JFROG) is traded for a JFrog access token. No secret is stored.
provider "xray" {
  url                     = "https://acme.jfrog.io"
  oidc_provider_name      = "hcp-terraform"
  tfc_credential_tag_name = "JFROG" # reads TFC_WORKLOAD_IDENTITY_TOKEN_JFROG
}
