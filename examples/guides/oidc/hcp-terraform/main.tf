# Runs in an HCP Terraform workspace with the environment variable
# TFC_WORKLOAD_IDENTITY_AUDIENCE_JFROG = "jfrog" set on the workspace: every plan and apply then
# gets TFC_WORKLOAD_IDENTITY_TOKEN_JFROG, which the provider trades for a JFrog access token.
terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "xray-jira"
    }
  }
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

provider "xray" {
  url                     = "https://acme.jfrog.io"
  oidc_provider_name      = "hcp-terraform"
  tfc_credential_tag_name = "JFROG"
}

variable "jira_api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "xray_jira_integration" "cloud" {
  connection_name     = "cloudProjectABC"
  username            = "customer@example.com"
  password_wo         = var.jira_api_token
  password_wo_version = 1
  installation_type   = "cloud"
  jira_server_url     = "https://customer.atlassian.net"
}
