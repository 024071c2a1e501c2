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

func TestWrites(t *testing.T) {
	for _, c := range []struct {
		level, line string
		want        bool
	}{
		{"", Debug, true}, {"TRACE", Debug, true}, {"debug", Debug, true}, {"json", Trace, true}, {"bogus", Trace, true},
		{"OFF", Debug, false}, {"off", Error, false}, {"INFO", Debug, false}, {"Warn", Debug, false}, {"ERROR", Debug, false},
		{"INFO", Info, true}, {"warn", Info, false}, {"ERROR", Error, true}, {"TRACE", Error, true},
	} {
		if got := Writes(c.level, c.line); got != c.want {
			t.Errorf("Writes(%q, %s) = %v, want %v", c.level, c.line, got, c.want)
		}
	}
}
