package fakexray

import (
	"strings"
	"testing"
)

// A seed holds what the UI can make and the API cannot (OAuth), and refuses what Xray would not
// hold, naming the integration and the field.
func TestParseSeed(t *testing.T) {
	t.Parallel()
	ok := `{"integrations": [{"connection_name": "o", "auth_type": "oauth1", "username": "u",
		"installation_type": "server", "jira_server_url": "http://jira.corp.example"}]}`
	seed, err := ParseSeed([]byte(ok))
	if err != nil || len(seed.Integrations) != 1 {
		t.Fatalf("ParseSeed(%s) = %+v, %v", ok, seed, err)
	}
	srv := NewTestServer(t, WithSeedData(seed))
	if in, found := srv.Integration("o"); !found || in.AuthType != "oauth1" || in.Password != "" {
		t.Errorf("seeded %+v, %v", in, found)
	}
	const base = `"username": "u", "installation_type": "cloud", "jira_server_url": "https://j.example.com"`
	for _, tc := range []struct{ seed, want string }{
		{`{"integrations": [{"connection_name": "a", "user": "u"}]}`, `unknown field "user"`},
		{`{"integrations": [{"connection_name": "a", ` + base + `}, {"connection_name": "a", ` + base + `}]}`, `integration "a" appears twice`},
		{`{"integrations": [{"connection_name": "a", "auth_type": "token", ` + base + `}]}`, `integration "a": invalid auth_type 'token'`},
		{`{"integrations": [{"connection_name": "a", "status": "BROKEN", ` + base + `}]}`, `invalid status 'BROKEN'`},
		{`{"integrations": [{` + base + `}]}`, `integrations[0]: field 'connection_name' must not be empty`},
		{`[]`, "not a seed"},
	} {
		if _, err := ParseSeed([]byte(tc.seed)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSeed(%s) = %v, want an error containing %q", tc.seed, err, tc.want)
		}
	}
	if _, err := Start(WithSeedData(Seed{Integrations: []SeedIntegration{{ConnectionName: "x"}}})); err == nil {
		t.Error("Start accepted an invalid seed")
	}
}
