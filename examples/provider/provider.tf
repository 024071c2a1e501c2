terraform {
  required_providers {
    xray = {
      source  = "platformkit/xray"
      version = "~> 0.1"
    }
  }
}

# The URL and token can also come from the JFROG_URL and JFROG_ACCESS_TOKEN environment
# variables (then XRAY_URL and XRAY_ACCESS_TOKEN), which keeps the token out of configuration.
provider "xray" {
  url          = "https://acme.jfrog.io"
  access_token = var.jfrog_access_token
}

variable "jfrog_access_token" {
  type      = string
  sensitive = true
}
