package loglevel

import "testing"

func TestProviderVariable(t *testing.T) {
	for address, want := range map[string]string{
		"registry.terraform.io/platformkit/xray": "TF_LOG_PROVIDER_XRAY",
		"registry.terraform.io/acme/jira-cloud":  "TF_LOG_PROVIDER_JIRA_CLOUD",
	} {
		if got := ProviderVariable(address); got != want {
			t.Errorf("ProviderVariable(%q) = %q, want %q", address, got, want)
		}
	}
}

func TestWritesDebug(t *testing.T) {
	for level, want := range map[string]bool{
		"": true, "TRACE": true, "debug": true, "json": true, "OFF": false, "off": false, "INFO": false, "Warn": false, "ERROR": false,
	} {
		if got := WritesDebug(level); got != want {
			t.Errorf("WritesDebug(%q) = %v, want %v", level, got, want)
		}
	}
}
