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
		also      map[string]string // further attributes to set ("" removes)
	}{
		{"auth_type unknown", "auth_type", `"token"`, []string{`Attribute auth_type value must be one of: ["basic" "oauth1" "oauth2"], got: "token"`}, nil},
		{"create an oauth integration", "auth_type", `"oauth2"`, []string{"OAuth integrations cannot be created through the API", `auth_type "oauth2"`}, nil},
		{"installation_type", "installation_type", `"datacenter"`, []string{`Attribute installation_type value must be one of: ["cloud" "server"], got: "datacenter"`}, nil},
		{"url scheme", "jira_server_url", `"ftp://jira.example.com"`, []string{"Invalid Jira server URL", "jira_server_url", "must start with https:// or http://"}, nil},
		{"url relative", "jira_server_url", `"jira.example.com"`, []string{"Invalid Jira server URL", "must start with https:// or http://"}, nil},
		{"url without host", "jira_server_url", `"https://"`, []string{"Invalid Jira server URL", "it has no host"}, nil},
		{"empty name", "connection_name", `""`, []string{"Attribute connection_name string length must be between 1 and 255"}, nil},
		{"name with slash", "connection_name", `"team/jira"`, []string{"Attribute connection_name must not be blank", "contain a slash"}, nil},
		{"empty username", "username", `""`, []string{"Attribute username string length must be at least 1"}, nil},
		{"empty password", "password", `""`, []string{"Attribute password string length must be at least 1"}, nil},
		{"missing username", "username", ``, []string{`The argument "username" is required`}, nil},
		{"name dot", "connection_name", `"."`, []string{`Attribute connection_name value must be none of: ["." ".."], got: "."`}, nil},
		{"name dot dot", "connection_name", `".."`, []string{`Attribute connection_name value must be none of: ["." ".."], got: ".."`}, nil},
		{"password with a write-only version", "password_wo_version", `1`, []string{"Invalid Attribute Combination", "These attributes cannot be configured together: [password,password_wo_version]"}, nil},
		{"password and password_wo", "password_wo", `"other"`, []string{"Invalid Attribute Combination", "These attributes cannot be configured together: [password_wo,password]"}, nil},
		{"password, password_wo and version", "password_wo", `"other"`, []string{"These attributes cannot be configured together: [password_wo,password]"},
			map[string]string{"password_wo_version": "1"}},
		{"password_wo without its version", "password_wo", `"other"`, []string{"Invalid Attribute Combination", "These attributes must be configured together: [password_wo,password_wo_version]"},
			map[string]string{"password": ""}},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		attrs := make(map[string]string, len(valid)+1)
		for k, v := range valid {
			attrs[k] = v
		}
		set := map[string]string{tc.attribute: tc.value}
		for k, v := range tc.also {
			set[k] = v
		}
		for k, v := range set {
			if v == "" {
				delete(attrs, k)
			} else {
				attrs[k] = v
			}
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

// Creating without any password is a plan-time error that names both arguments. The plan first
// asks Xray whether the name is taken (then an import, which needs no password, is the answer),
// so one read, and nothing else, reaches Xray.
func TestAccJiraIntegration_createWithoutPassword(t *testing.T) {
	env := newFakeEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.providerConfig() + resourceBlock(map[string]string{
				"connection_name": `"valid-name"`, "username": `"customer@example.com"`,
				"installation_type": `"cloud"`, "jira_server_url": `"https://customer.atlassian.net"`,
			}),
			PlanOnly:    true,
			ExpectError: expectError("Missing Jira password", "set password_wo (with password_wo_version) or password"),
		}},
	})
	for key, n := range env.fake.RequestCounts() {
		if n > 0 && strings.Contains(key, "jira-integrations") && !strings.HasPrefix(key, "GET ") {
			t.Errorf("a plan without a password sent %d × %s", n, key)
		}
	}
}
