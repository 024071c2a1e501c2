package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
	"github.com/platformkit/terraform-provider-xray/internal/server"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// protoV6ProviderFactories runs the provider in the test process, so the real terraform binary
// talks to this build of it.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"xray": server.New(New("test")),
}

// testEnv is where one acceptance test runs: a fake Xray of its own, or, when XRAY_ACC_LIVE=1
// and JFROG_URL and JFROG_ACCESS_TOKEN are set, the real Xray they name.
type testEnv struct {
	fake   *fakexray.Server // nil against a real Xray
	url    string
	token  string
	client *xray.Client
	jira   jiraTarget
}

// jiraTarget is the Jira a test's integrations point at. Against the fake any URL that does not
// end in .invalid is "reachable"; against a real Xray, XRAY_ACC_JIRA_* name a real Jira.
type jiraTarget struct {
	url, username, password, installationType string
}

// realXray reports whether the tests run against a live Xray. JFROG_URL and JFROG_ACCESS_TOKEN
// alone are not enough: every JFrog user has them in their shell, and `make test` must not
// quietly create integrations on their platform. XRAY_ACC_LIVE=1 is the explicit switch.
func realXray() bool {
	return os.Getenv("XRAY_ACC_LIVE") == "1" && os.Getenv("JFROG_URL") != "" && os.Getenv("JFROG_ACCESS_TOKEN") != ""
}

func newTestEnv(t *testing.T, opts ...fakexray.Option) *testEnv {
	t.Helper()
	env := &testEnv{jira: jiraTarget{
		url: "https://customer.atlassian.net", username: "customer@example.com",
		password: "s3cret-jira-password", installationType: "cloud",
	}}
	if realXray() {
		env.url, env.token = os.Getenv("JFROG_URL"), os.Getenv("JFROG_ACCESS_TOKEN")
		env.jira = jiraTarget{
			url: os.Getenv("XRAY_ACC_JIRA_URL"), username: os.Getenv("XRAY_ACC_JIRA_USERNAME"),
			password: os.Getenv("XRAY_ACC_JIRA_PASSWORD"), installationType: envOr("XRAY_ACC_JIRA_INSTALLATION_TYPE", "cloud"),
		}
	} else {
		env.fake = fakexray.NewTestServer(t, opts...)
		env.url, env.token = env.fake.URL(), env.fake.AdminToken()
	}
	client, err := xray.NewClient(xray.Config{URL: env.url, AccessToken: env.token, UserAgent: "terraform-provider-xray-tests"})
	if err != nil {
		t.Fatalf("building the test client: %v", err)
	}
	env.client = client
	return env
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// newFakeEnv is newTestEnv for a test that needs the fake Xray: against a real one it skips.
func newFakeEnv(t *testing.T, opts ...fakexray.Option) *testEnv {
	t.Helper()
	env := newTestEnv(t, opts...)
	env.requireFake(t)
	return env
}

// requireFake skips tests that need the fake's fault injection or its view of what Xray received.
func (e *testEnv) requireFake(t *testing.T) {
	t.Helper()
	if e.fake == nil {
		t.Skip("needs the fake Xray: it injects faults or inspects what Xray received")
	}
}

// providerConfig is the provider block every test configuration starts with.
func (e *testEnv) providerConfig() string {
	return e.providerConfigWithToken(e.token)
}

func (e *testEnv) providerConfigWithToken(token string) string {
	return fmt.Sprintf("provider \"xray\" {\n  url          = %q\n  access_token = %q\n}\n", e.url, token)
}

func randomName() string {
	return acctest.RandomWithPrefix("tf-acc-jira")
}

// checkDestroyed is a CheckDestroy that asks Xray whether each named integration is gone.
func (e *testEnv) checkDestroyed(names ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, name := range names {
			_, err := e.client.GetJiraIntegration(context.Background(), name)
			if err == nil {
				return fmt.Errorf("integration %q still exists on Xray after destroy", name)
			}
			if !errors.Is(err, xray.ErrNotFound) {
				return fmt.Errorf("checking that %q is gone: %w", name, err)
			}
		}
		return nil
	}
}

// expectStored is a state check that asks Xray itself for an integration and compares every
// field Xray returns, so a test proves what the server holds, not only what the state says.
func (e *testEnv) expectStored(want xray.JiraIntegration) statecheck.StateCheck {
	return storedCheck{env: e, want: want}
}

type storedCheck struct {
	env  *testEnv
	want xray.JiraIntegration
}

func (c storedCheck) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	got, err := c.env.client.GetJiraIntegration(ctx, c.want.ConnectionName)
	if err != nil {
		resp.Error = fmt.Errorf("reading %q from Xray: %w", c.want.ConnectionName, err)
		return
	}
	want := c.want
	want.Password = ""
	if *got != want {
		resp.Error = fmt.Errorf("Xray holds %v, want %v", got, want)
		return
	}
	if c.env.fake != nil && c.want.Password != "" {
		stored, _ := c.env.fake.Integration(c.want.ConnectionName)
		if stored.Password != c.want.Password {
			resp.Error = fmt.Errorf("Xray received a different password for %q than configured", c.want.ConnectionName)
		}
	}
}

// expectError matches a diagnostic that contains each of the phrases, in order. Terraform wraps
// diagnostic text at any space, so the phrases' spaces match any white space.
func expectError(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}
