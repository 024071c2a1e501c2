package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Every invalid input fails at plan time, before any request, with an error naming the attribute.
func TestAccJiraIntegration_invalidInput(t *testing.T) {
	env := newTestEnv(t)
	valid := map[string]string{
		"connection_name":   `"valid-name"`,
		"username":          `"customer@example.com"`,
		"password":          `"secret"`,
		"installation_type": `"cloud"`,
		"jira_server_url":   `"https://customer.atlassian.net"`,
	}
	cases := []struct {
		name      string
		attribute string
		value     string // "" removes the attribute
		want      []string
	}{
		{"auth_type oauth", "auth_type", `"oauth2"`, []string{`Attribute auth_type value must be one of: ["basic"], got: "oauth2"`}},
		{"installation_type", "installation_type", `"datacenter"`, []string{`Attribute installation_type value must be one of: ["cloud" "server"], got: "datacenter"`}},
		{"url scheme", "jira_server_url", `"ftp://jira.example.com"`, []string{"Invalid Jira server URL", "jira_server_url", "must start with https:// or http://"}},
		{"url relative", "jira_server_url", `"jira.example.com"`, []string{"Invalid Jira server URL", "must start with https:// or http://"}},
		{"url without host", "jira_server_url", `"https://"`, []string{"Invalid Jira server URL", "it has no host"}},
		{"empty name", "connection_name", `""`, []string{"Attribute connection_name string length must be between 1 and 255"}},
		{"name with slash", "connection_name", `"team/jira"`, []string{"Attribute connection_name must not be blank", "contain a slash"}},
		{"empty username", "username", `""`, []string{"Attribute username string length must be at least 1"}},
		{"empty password", "password", `""`, []string{"Attribute password string length must be at least 1"}},
		{"missing username", "username", ``, []string{`The argument "username" is required`}},
		{"no password at all", "password", ``, []string{"Missing Attribute Configuration", "Exactly one of these attributes must be configured: [password,password_wo]"}},
		{"password with a write-only version", "password_wo_version", `1`, []string{"Invalid Attribute Combination", "These attributes cannot be configured together: [password,password_wo_version]"}},
		{"password and password_wo", "password_wo", `"other"`, []string{"Invalid Attribute Combination", "Exactly one of these attributes must be configured: [password,password_wo]"}},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		attrs := make(map[string]string, len(valid)+1)
		for k, v := range valid {
			attrs[k] = v
		}
		if tc.value == "" {
			delete(attrs, tc.attribute)
		} else {
			attrs[tc.attribute] = tc.value
		}
		steps = append(steps, resource.TestStep{
			Config:      env.providerConfig() + resourceBlock(attrs),
			PlanOnly:    true,
			ExpectError: expectError(tc.want...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	if env.fake != nil {
		for key, n := range env.fake.RequestCounts() {
			if n > 0 && strings.Contains(key, "jira-integrations") {
				t.Errorf("invalid input reached Xray: %d × %s", n, key)
			}
		}
	}
}

func resourceBlock(attrs map[string]string) string {
	var b strings.Builder
	b.WriteString("resource \"xray_jira_integration\" \"test\" {\n")
	for _, k := range []string{"connection_name", "auth_type", "username", "password", "password_wo", "password_wo_version", "installation_type", "jira_server_url"} {
		if v, ok := attrs[k]; ok {
			b.WriteString("  " + k + " = " + v + "\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}
