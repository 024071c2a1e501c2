package server

import (
	"os"
	"testing"
)

// unsetLogVariables clears every log variable for the test and restores them afterwards.
func unsetLogVariables(t *testing.T) {
	t.Helper()
	for _, name := range logLevelVariables {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
}

func TestSilenceUnrequestedLogs(t *testing.T) {
	unsetLogVariables(t)
	silenceUnrequestedLogs(false)
	if os.Getenv("TF_LOG_SDK") != "OFF" || os.Getenv("TF_LOG_PROVIDER") != "OFF" {
		t.Fatalf("with no log variable set, SDK and provider logs should be OFF")
	}

	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK_FRAMEWORK"} {
		for _, name := range logLevelVariables {
			os.Unsetenv(name)
		}
		t.Setenv(asked, "DEBUG")
		silenceUnrequestedLogs(false)
		if os.Getenv("TF_LOG_SDK") == "OFF" {
			t.Errorf("with %s set, the SDK logs were switched off", asked)
		}
	}
}

// Under -debug the provider runs in a terminal of its own and its stderr is the developer's
// only view of its logs, so nothing is switched off.
func TestDebugKeepsLogs(t *testing.T) {
	unsetLogVariables(t)
	silenceUnrequestedLogs(true)
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER"} {
		if v, set := os.LookupEnv(name); set {
			t.Errorf("under -debug %s was set to %q; it should stay unset", name, v)
		}
	}
}
