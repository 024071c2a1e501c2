# A platform behind a private CA that requires client certificates. The CA is added to the
# system's; the file paths can also come from JFROG_CA_CERT_PATH, JFROG_CLIENT_CERT_PATH and
# JFROG_CLIENT_CERT_KEY_PATH (or the PEM itself from JFROG_CLIENT_CERT_PEM and
# JFROG_CLIENT_PRIVATE_KEY_PEM).
provider "xray" {
  url                         = "https://xray.corp.example"
  ca_cert_path                = "/etc/pki/corp-root-ca.pem"
  client_certificate_path     = "/etc/pki/terraform.crt"
  client_certificate_key_path = "/etc/pki/terraform.key"
}
