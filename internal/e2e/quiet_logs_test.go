package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// withStderrTo puts a wrapper in front of the workspace's provider that appends the provider's
// stderr, where its log lines go, to a file, and returns that file. Terraform reads those lines
// and discards them unless TF_LOG or TF_LOG_PROVIDER asks for them; the wrapper shows what the
// provider wrote, whatever Terraform then did with it.
func withStderrTo(t *testing.T, ws *workspace) string {
	t.Helper()
	bin := filepath.Join(ws.dir, "bin", "terraform-provider-xray")
	realBin := filepath.Join(ws.dir, "real-provider")
	if err := os.Rename(bin, realBin); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(ws.dir, "provider-stderr.log")
	script := "#!/bin/sh\nexec " + shellQuote(realBin) + ` "$@" 2>>` + shellQuote(logFile) + "\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return logFile
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Nobody reads a provider's log lines unless TF_LOG or TF_LOG_PROVIDER is set, so without them
// the provider writes none: formatting and writing them cost the provider CPU, and parsing them
// costs Terraform CPU, on every call. With TF_LOG=DEBUG its own lines (one per API request) are
// there. Before the provider's logger was switched off under the variable terraform-plugin-go
// reads for it (TF_LOG_PROVIDER_XRAY, not TF_LOG_PROVIDER), every request wrote a line unasked.
func TestProviderWritesNoLogsUnlessAsked(t *testing.T) {
	fake := fakexray.NewTestServer(t)
	ws := newWorkspace(t, fake.URL(), fake.AdminToken(), manyIntegrationsConfig("quiet", 2))
	logFile := withStderrTo(t, ws)

	ws.mustRun("plan", "-input=false")
	if lines := loggerLines(t, logFile); len(lines) > 0 {
		t.Errorf("with no log variable set the provider wrote %d log lines, starting:\n%.600s", len(lines), strings.Join(lines, "\n"))
	}

	ws.setenv("TF_LOG=DEBUG")
	ws.mustRun("plan", "-input=false")
	lines := loggerLines(t, logFile)
	if !strings.Contains(strings.Join(lines, "\n"), `"Xray API request"`) {
		t.Errorf("with TF_LOG=DEBUG the provider's %d log lines lack its request lines: the check above would prove nothing", len(lines))
	}
}

// loggerLines are the lines of file written by the provider's and the SDK's loggers: each names
// its "@module" (xray, sdk.framework, sdk.proto). go-plugin's few lines as a process starts
// (its TLS set-up and socket) name none, and come before the provider's code runs.
func loggerLines(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) == nil && entry["@module"] != nil {
			out = append(out, line)
		}
	}
	return out
}
