# provider.tf: the URL and token come from JFROG_URL and JFROG_ACCESS_TOKEN.
terraform {
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

provider "xray" {}
