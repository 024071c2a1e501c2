package main

import (
	"os"
	"testing"
)

func TestSilenceUnrequestedLogs(t *testing.T) {
	for _, name := range logLevelVariables {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
	silenceUnrequestedLogs()
	if os.Getenv("TF_LOG_SDK") != "OFF" || os.Getenv("TF_LOG_PROVIDER") != "OFF" {
		t.Fatalf("with no log variable set, SDK and provider logs should be OFF")
	}

	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK_FRAMEWORK"} {
		for _, name := range logLevelVariables {
			os.Unsetenv(name)
		}
		t.Setenv(asked, "DEBUG")
		silenceUnrequestedLogs()
		if os.Getenv("TF_LOG_SDK") == "OFF" {
			t.Errorf("with %s set, the SDK logs were switched off", asked)
		}
	}
}
