package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A user with Jira Data Center types what they have ("datacenter"): the plan fails before any
// request and says that Data Center is "server", which the bare one-of text did not (issue 20).
func TestAccJiraIntegration_installationTypeNamesDataCenter(t *testing.T) {
	env := newTestEnv(t)
	steps := []resource.TestStep{}
	for _, typo := range []string{`"datacenter"`, `"Data Center"`, `"Cloud"`} {
		steps = append(steps, resource.TestStep{
			Config: env.providerConfig() + resourceBlock(map[string]string{
				"connection_name": `"dc-typo"`, "username": `"bot@example.com"`, "password": `"secret"`,
				"installation_type": typo, "jira_server_url": `"https://jira.example.com"`,
			}),
			PlanOnly: true,
			ExpectError: expectError(`Attribute installation_type value must be one of: ["cloud" "server"], got: `+typo,
				`Use "server" for Jira Data Center and Jira Server`, `"cloud" for Atlassian Cloud`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if env.fake != nil && env.fake.RequestCounts()["POST /xray/api/v1/ticketing/jira-integrations"] != 0 {
		t.Error("an invalid installation_type reached Xray")
	}
}
