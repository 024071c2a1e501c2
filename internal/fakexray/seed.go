package fakexray

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Seed is what a seed file holds: integrations that exist before the first request, as if an
// admin had made them in the Xray UI. It is how a test or a demo starts from "integrations made
// elsewhere", including OAuth ones, which Xray's API cannot create.
//
//	{"integrations": [
//	  {"connection_name": "cloudProjectABC", "username": "customer@example.com",
//	   "installation_type": "cloud", "jira_server_url": "https://customer.atlassian.net"},
//	  {"connection_name": "oauthProject", "auth_type": "oauth2", "username": "jira-app@example.com",
//	   "installation_type": "cloud", "jira_server_url": "https://customer.atlassian.net",
//	   "status": "FAULTY_CONFIGURATION", "reason": "OAuth token expired"}
//	],
//	 "watches": [
//	  {"general_data": {"name": "prod-watch", "active": true},
//	   "project_resources": {"resources": [{"type": "all-repos", "filters": []}]},
//	   "assigned_policies": [{"name": "sec-policy", "type": "security"}]}
//	]}
//
// Watches are whole watch objects in Xray's shape, kept as raw JSON (unknown fields included),
// in the global scope (no project key).
type Seed struct {
	Integrations []SeedIntegration `json:"integrations"`
	Watches      []json.RawMessage `json:"watches,omitempty"`
}

// SeedIntegration is one seeded integration: the fields Xray stores, and optionally what its
// status check reports (healthy when left out).
type SeedIntegration struct {
	ConnectionName string `json:"connection_name"`
	// AuthType is basic (the default), oauth1 or oauth2.
	AuthType string `json:"auth_type,omitempty"`
	Username string `json:"username"`
	// Password is optional: the HTTP API never returns it, and OAuth integrations have none.
	Password         string `json:"password,omitempty"`
	InstallationType string `json:"installation_type"`
	JiraServerURL    string `json:"jira_server_url"`
	SkipProxy        bool   `json:"skip_proxy,omitempty"`
	// Status is what the status check answers for it: HEALTHY_INTEGRATION (the default),
	// FAULTY_CONFIGURATION or INTERNAL_SERVER_ERROR, with Reason.
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// ReadSeedFile reads and checks a seed file.
func ReadSeedFile(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("reading the seed file: %w", err)
	}
	seed, err := ParseSeed(data)
	if err != nil {
		return Seed{}, fmt.Errorf("seed file %s: %w", path, err)
	}
	return seed, nil
}

// ParseSeed decodes a seed and checks it. Unknown fields are refused, so a misspelt field
// fails loudly instead of seeding an integration that lacks it.
func ParseSeed(data []byte) (Seed, error) {
	var seed Seed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return Seed{}, fmt.Errorf("not a seed (want {\"integrations\": [...], \"watches\": [...]}): %w", err)
	}
	if dec.More() {
		return Seed{}, fmt.Errorf("not a seed: more than one JSON value")
	}
	return seed, seed.validate()
}

// validate checks every integration as Xray's UI would have: the fields a read returns are
// set, and auth_type may be an OAuth one (unlike the API's create).
func (sd Seed) validate() error {
	seen := map[string]bool{}
	for i, in := range sd.Integrations {
		where := fmt.Sprintf("integrations[%d]", i)
		if in.ConnectionName != "" {
			where = fmt.Sprintf("integration %q", in.ConnectionName)
		}
		if err := validateValue(fieldConnectionName, in.ConnectionName); err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		if seen[in.ConnectionName] {
			return fmt.Errorf("%s appears twice", where)
		}
		seen[in.ConnectionName] = true
		switch in.authType() {
		case "basic", "oauth1", "oauth2":
		default:
			return fmt.Errorf("%s: invalid auth_type '%s': must be 'basic', 'oauth1' or 'oauth2'", where, in.AuthType)
		}
		for _, f := range []struct{ name, value string }{
			{fieldUsername, in.Username}, {fieldInstallationType, in.InstallationType}, {fieldJiraServerURL, in.JiraServerURL},
		} {
			if err := validateValue(f.name, f.value); err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
		}
		switch in.Status {
		case "", StatusHealthy, StatusFaultyConfiguration, StatusInternalServerError:
		default:
			return fmt.Errorf("%s: invalid status '%s': must be %s, %s or %s", where, in.Status,
				StatusHealthy, StatusFaultyConfiguration, StatusInternalServerError)
		}
	}
	watches := map[string]bool{}
	for i, raw := range sd.Watches {
		_, name, err := parseWatch(raw)
		if err != nil {
			return fmt.Errorf("watches[%d]: %v", i, err)
		}
		if watches[name] {
			return fmt.Errorf("watch %q appears twice", name)
		}
		watches[name] = true
	}
	return nil
}

func (in SeedIntegration) authType() string {
	if in.AuthType == "" {
		return "basic"
	}
	return in.AuthType
}

// WithSeedData stores the seed's integrations before the server answers its first request.
// Start refuses a seed that ParseSeed would refuse.
func WithSeedData(seed Seed) Option { return func(c *config) { c.seedData = seed } }

// applySeed stores the seeded integrations, their statuses and the seeded watches.
func (s *Server) applySeed(seed Seed) {
	for _, in := range seed.Integrations {
		s.store.put(JiraIntegration{
			ConnectionName: in.ConnectionName, AuthType: in.authType(), Username: in.Username,
			Password: in.Password, InstallationType: in.InstallationType,
			JiraServerURL: in.JiraServerURL, SkipProxy: in.SkipProxy,
		})
		if in.Status != "" && in.Status != StatusHealthy {
			s.store.setStatus(in.ConnectionName, in.Status, in.Reason)
		}
	}
	for _, raw := range seed.Watches {
		_ = s.PutWatch("", raw) // validated by Start (config.validate)
	}
}
