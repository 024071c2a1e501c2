package xray

import "testing"

func TestEquivalentURLs(t *testing.T) {
	same := [][2]string{
		{"https://acme.atlassian.net", "https://acme.atlassian.net/"},
		{"https://acme.atlassian.net", "HTTPS://ACME.Atlassian.NET"},
		{"https://acme.atlassian.net", "https://acme.atlassian.net:443/"},
		{"http://jira.internal/jira", "http://jira.internal:80/jira/"},
	}
	for _, p := range same {
		if !EquivalentURLs(p[0], p[1]) || !EquivalentURLs(p[1], p[0]) {
			t.Errorf("%q and %q should be equivalent", p[0], p[1])
		}
	}
	different := [][2]string{
		{"https://acme.atlassian.net", "https://other.atlassian.net"},
		{"https://acme.atlassian.net", "http://acme.atlassian.net"},
		{"https://acme.atlassian.net", "https://acme.atlassian.net:8443"},
		{"http://jira.internal/jira", "http://jira.internal/JIRA"},
		{"http://jira.internal/jira", "http://jira.internal/"},
	}
	for _, p := range different {
		if EquivalentURLs(p[0], p[1]) {
			t.Errorf("%q and %q should differ", p[0], p[1])
		}
	}
}
