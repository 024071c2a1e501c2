package server

import (
	"os"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/loglevel"
)

const testAddress = "registry.terraform.io/platformkit/xray"

// unsetLogVariables clears every log variable for the test and restores them afterwards.
func unsetLogVariables(t *testing.T) {
	t.Helper()
	for _, name := range append(logLevelVariables, loglevel.SDKVariable, loglevel.ProviderVariable(testAddress)) {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
}

func TestSilenceUnrequestedLogs(t *testing.T) {
	unsetLogVariables(t)
	silenceUnrequestedLogs(testAddress, false)
	if os.Getenv("TF_LOG_SDK") != "OFF" || os.Getenv("TF_LOG_PROVIDER_XRAY") != "OFF" {
		t.Fatalf("with no log variable set, SDK and provider logs should be OFF")
	}

	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_XRAY", "TF_LOG_SDK_FRAMEWORK"} {
		unsetLogVariables(t)
		t.Setenv(asked, "DEBUG")
		silenceUnrequestedLogs(testAddress, false)
		for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_XRAY"} {
			if asked != name && os.Getenv(name) == "OFF" {
				t.Errorf("with %s set, %s was switched off", asked, name)
			}
		}
	}
}

// Under -debug the provider runs in a terminal of its own and its stderr is the developer's
// only view of its logs, so nothing is switched off.
func TestDebugKeepsLogs(t *testing.T) {
	unsetLogVariables(t)
	silenceUnrequestedLogs(testAddress, true)
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_XRAY"} {
		if v, set := os.LookupEnv(name); set {
			t.Errorf("under -debug %s was set to %q; it should stay unset", name, v)
		}
	}
}
