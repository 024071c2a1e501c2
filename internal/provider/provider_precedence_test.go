package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// precedenceMarker precedes the precedence table in the provider's documentation.
const precedenceMarker = "<!-- precedence table: rendered by precedenceTable (internal/provider/provider_precedence.go) -->"

// The documentation's precedence table is the one the code follows: the template holds
// precedenceTable's output below the marker, and so does the generated page.
func TestDocsPrecedenceTable(t *testing.T) {
	want := precedenceTable()
	for _, file := range []string{"templates/index.md.tmpl", "docs/index.md"} {
		data, err := os.ReadFile(filepath.Join("..", "..", file))
		if err != nil {
			t.Fatal(err)
		}
		_, after, ok := strings.Cut(string(data), precedenceMarker+"\n")
		if !ok {
			t.Errorf("%s has no precedence marker %q", file, precedenceMarker)
			continue
		}
		if got, _, _ := strings.Cut(after, "\n\n"); got+"\n" != want {
			t.Errorf("%s's precedence table differs from the code's; replace it with:\n\n%s\ngot:\n\n%s", file, want, got)
		}
	}
}

// Every environment variable the precedence names is one the tests clear, so that a CI job's own
// settings cannot leak into a test.
func TestPrecedenceVariablesAreClearedByTests(t *testing.T) {
	cleared := map[string]bool{}
	for _, v := range append(append(append([]string{}, urlEnvVars...), tokenEnvVars...), oidcAndTLSEnvVars...) {
		cleared[v] = true
	}
	for _, row := range precedence {
		for _, v := range row.envVars {
			if !strings.Contains(v, " ") && !cleared[v] {
				t.Errorf("%s (%s) is not cleared by clearProviderEnv", v, row.setting)
			}
		}
	}
}
