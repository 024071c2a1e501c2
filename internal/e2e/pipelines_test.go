package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// ansi matches the colour codes terraform writes when it is not told -no-color, as in CI logs.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// userRepo makes the user's repository for a pipeline: the example's files, copied.
func userRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for dst, src := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, dst)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, dst), readExample(t, src))
	}
	return dir
}

// githubEvents are the conditions the example workflows use, for a pull request, a push or a
// scheduled run.
func githubEvents(r *ciRun, event string) {
	r.conds["github.event_name == 'pull_request'"] = event == "pull_request"
	r.conds["github.event_name == 'push'"] = event == "push"
	r.conds["github.event_name == 'schedule'"] = event == "schedule"
}

// The GitOps guide's pipeline (examples/gitops/pipeline.yml) runs as written against the fake:
// its install step builds the provider from source, a pull request plans and changes nothing,
// the push to main applies, with the Jira token from the secret reaching Xray, and the daily
// scheduled job runs Xray's check of the integration. The example's configuration has a check
// action, so the test needs a CLI with actions.
func TestGitOpsGuidePipeline(t *testing.T) {
	t.Parallel()
	requireActions(t)
	fake := fakexray.NewTestServer(t)
	ws := userRepo(t, map[string]string{"main.tf": "examples/gitops/main.tf"})
	for _, event := range []string{"pull_request", "push", "schedule"} {
		r := newCIRun(t, ws)
		r.exprs["vars.JFROG_URL"] = fake.URL()
		r.exprs["secrets.JFROG_ACCESS_TOKEN"] = fake.AdminToken()
		r.exprs["secrets.JIRA_API_TOKEN"] = "jira-token-from-secrets"
		githubEvents(r, event)
		ran := r.runGitHubWorkflow("examples/gitops/pipeline.yml")
		want := map[string]string{"pull_request": "plan", "push": "apply", "schedule": "health"}[event]
		if !slices.Equal(ran, []string{want}) {
			r.fail("on %s the jobs %v ran, want %s", event, ran, want)
		}
		got, stored := fake.Integration("security-findings")
		if event == "pull_request" && stored {
			r.fail("the pull request's plan created the integration")
		}
		if event == "push" && (!stored || got.Password != "jira-token-from-secrets") {
			r.fail("after the push Xray holds %+v (stored: %v), want the integration with the secret's token", got, stored)
		}
		if event == "schedule" && fake.RequestCounts()[fakexray.PatternStatus] == 0 {
			r.fail("the scheduled health job did not ask Xray's status check")
		}
	}
}

// The OIDC guide's GitHub Actions workflow runs as written: it installs the provider from
// source, and the job's ID token (id-token: write) is exchanged at the platform for every
// plan and apply; the push applies with no JFrog secret at all.
func TestOIDCGuideGitHubActionsWorkflow(t *testing.T) {
	t.Parallel()
	fake := fakexray.NewTestServer(t)
	fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "github-actions"})
	actions := fakexray.NewActionsTokenServer(t, "repo:acme/infrastructure:ref:refs/heads/main", nil)
	ws := userRepo(t, map[string]string{"main.tf": "examples/guides/oidc/github-actions/main.tf"})
	for _, event := range []string{"pull_request", "push"} {
		r := newCIRun(t, ws)
		r.exprs["vars.JFROG_URL"] = fake.URL()
		r.exprs["secrets.JIRA_API_TOKEN"] = "jira-token"
		r.oidcEnv = []string{"ACTIONS_ID_TOKEN_REQUEST_URL=" + actions.RequestURL, "ACTIONS_ID_TOKEN_REQUEST_TOKEN=" + actions.RequestToken}
		githubEvents(r, event)
		r.runGitHubWorkflow("examples/guides/oidc/github-actions/workflow.yml")
		if _, stored := fake.Integration("cloudProjectABC"); stored != (event == "push") {
			r.fail("on %s Xray holds the integration: %v", event, stored)
		}
		if len(fake.OIDCExchanges()) == 0 {
			r.fail("on %s no OIDC exchange reached the platform", event)
		}
	}
	for _, req := range actions.Requests() {
		if req.Audience != "jfrog-github" {
			t.Errorf("an ID token was asked for the audience %q, want jfrog-github", req.Audience)
		}
	}
}

// The OIDC guide's .gitlab-ci.yml runs as written: its first job builds the provider from
// source and hands it over in ./terraform.d/plugins; a merge request plans, the default branch
// applies, each with the job's ID token from id_tokens.
func TestOIDCGuideGitLabPipeline(t *testing.T) {
	t.Parallel()
	fake := fakexray.NewTestServer(t)
	fake.AddOIDCIntegration(fakexray.OIDCIntegration{Name: "gitlab"})
	var audiences []string
	for _, source := range []string{"merge_request_event", "push"} {
		// A fresh clone per pipeline; its jobs share the folder, as they share artifacts.
		r := newCIRun(t, userRepo(t, map[string]string{"main.tf": "examples/guides/oidc/gitlab/main.tf"}))
		r.vars = []string{"JFROG_URL=" + fake.URL(), "JIRA_API_TOKEN=jira-token"}
		r.idToken = func(aud string) string {
			audiences = append(audiences, aud)
			return fakexray.MintIDToken("project_path:acme/infrastructure:ref_type:branch:ref:main", aud)
		}
		r.conds[`$CI_PIPELINE_SOURCE == "merge_request_event"`] = source == "merge_request_event"
		r.conds[`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`] = source == "push"
		ran := r.runGitLabPipeline("examples/guides/oidc/gitlab/gitlab-ci.yml")
		want := []string{"xray-provider", map[string]string{"merge_request_event": "plan", "push": "apply"}[source]}
		if !slices.Equal(ran, want) {
			r.fail("on %s the jobs %v ran, want %v", source, ran, want)
		}
		if _, stored := fake.Integration("cloudProjectABC"); stored != (source == "push") {
			r.fail("on %s Xray holds the integration: %v", source, stored)
		}
	}
	if len(audiences) != 2 || audiences[0] != "jfrog-gitlab" || len(fake.OIDCExchanges()) < 2 {
		t.Errorf("ID tokens for %v, %d exchanges; want one jfrog-gitlab token per job and its exchanges", audiences, len(fake.OIDCExchanges()))
	}
}

// The module-testing guide's commands run as written, on a machine and in both CI jobs: they
// build the provider and the fake from source, start the fake and wait for it, and terraform
// test passes on the example module.
func TestModuleTestingGuidePipelines(t *testing.T) {
	t.Parallel()
	module := map[string]string{"main.tf": "examples/module-testing/main.tf",
		"tests/integration.tftest.hcl": "examples/module-testing/tests/integration.tftest.hcl"}
	t.Run("on your machine", func(t *testing.T) {
		t.Parallel()
		r := newCIRun(t, "")
		bin := t.TempDir()
		if err := os.Symlink(r.cli, filepath.Join(bin, "terraform")); err != nil {
			t.Fatal(err)
		}
		env := userEnv(t, t.TempDir(), "TMPDIR="+t.TempDir(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		// In a copy of the repository, so that init's .terraform stays out of the working tree;
		// with bash, as the guide says to run it. It stops the fake it started: nothing of its
		// process group is left once it has exited.
		out, pgid, err := runInGroup(t, r.repo, env, "bash", "examples/module-testing/run-locally.sh")
		if err != nil {
			t.Fatalf("bash examples/module-testing/run-locally.sh: %v\n%s", err, out)
		}
		if !strings.Contains(ansi.ReplaceAllString(out, ""), "Success! 3 passed, 0 failed.") {
			t.Errorf("terraform test did not pass all three runs:\n%s", out)
		}
		if groupAlive(pgid) {
			t.Errorf("run-locally.sh exited and left the fake Xray it started running")
		}
	})
	t.Run("github-actions", func(t *testing.T) {
		t.Parallel()
		r := newCIRun(t, userRepo(t, module))
		githubEvents(r, "pull_request")
		r.runGitHubWorkflow("examples/module-testing/ci/github-actions.yml")
		if !strings.Contains(ansi.ReplaceAllString(r.log.String(), ""), "Success! 3 passed, 0 failed.") {
			r.fail("terraform test did not pass all three runs")
		}
	})
	t.Run("gitlab", func(t *testing.T) {
		t.Parallel()
		r := newCIRun(t, userRepo(t, module))
		if ran := r.runGitLabPipeline("examples/module-testing/ci/gitlab-ci.yml"); len(ran) != 2 {
			r.fail("jobs %v ran, want xray-provider and terraform-test", ran)
		}
		if !strings.Contains(ansi.ReplaceAllString(r.log.String(), ""), "Success! 3 passed, 0 failed.") {
			r.fail("terraform test did not pass all three runs")
		}
	})
}
