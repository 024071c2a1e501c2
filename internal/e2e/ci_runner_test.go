package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// This file runs the pipelines that the guides show (GitHub Actions workflows and .gitlab-ci.yml
// files under examples/) the way their CI system would, on this machine: every shell step runs
// as written, with bash, in a fresh HOME per job; the steps that only a CI system can do are
// played here: actions/checkout (of the user's repository: the folder the test prepared; of the
// provider's repository: a clone of this working tree), setup-go and setup-terraform (the test's
// CLI on PATH), GitHub's ${{ }} expressions and if: conditions, GitLab's extends, stages, rules
// and id_tokens. A step or expression it does not know fails the test, so a pipeline cannot gain
// a step that CI skips.

// ciRun is one pipeline run: the repository it runs in, the event, and what the CI system and the
// project's settings (secrets, variables) provide.
type ciRun struct {
	t         *testing.T
	workspace string            // the user's repository, checked out
	cli       string            // the Terraform CLI setup-terraform installs
	exprs     map[string]string // GitHub: ${{ expression }} → value (vars, secrets)
	conds     map[string]bool   // GitHub if: / GitLab rules if: → whether it holds for this event
	vars      []string          // GitLab: project CI/CD variables, which override the file's
	idToken   func(audience string) string
	oidcEnv   []string // GitHub: what a job with id-token: write gets (ACTIONS_ID_TOKEN_REQUEST_*)
	repo      string   // a git repository standing in for github.com/platformkit/terraform-provider-xray
	log       strings.Builder
}

func newCIRun(t *testing.T, workspace string) *ciRun {
	t.Helper()
	cli := cliPath(t)
	if host := registryHost(t, cli, os.Environ()); host != "registry.terraform.io" {
		t.Skip("the guides' pipelines run Terraform (hashicorp/setup-terraform, hashicorp/terraform); this CLI is OpenTofu")
	}
	return &ciRun{t: t, workspace: workspace, cli: cli, repo: providerRepo(t),
		exprs: map[string]string{}, conds: map[string]bool{"failure()": false, "always()": true}}
}

// providerRepo makes a git repository of this working tree (tracked and untracked files that are
// not ignored, uncommitted changes included) with the branch main, for the pipelines' clones.
func providerRepo(t *testing.T) string {
	t.Helper()
	root, dir := repoRoot(t), t.TempDir()
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			continue // deleted in the working tree
		}
		info, _ := os.Stat(filepath.Join(root, rel))
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"},
		{"-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "working tree"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// jobEnv is the environment every job starts from: a fresh HOME, this machine's Go caches, and
// git told that the provider's GitHub URL is the local stand-in.
func (r *ciRun) jobEnv(home string) []string {
	return userEnv(r.t, home, "CI=true", "GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=url.file://"+r.repo+".insteadOf",
		"GIT_CONFIG_VALUE_0=https://github.com/platformkit/terraform-provider-xray.git")
}

// shell runs one script with bash -e (-o pipefail, as GitHub's default shell) in the workspace.
// Its output goes to a file, not a pipe, so that a process it leaves in the background (the
// fake Xray) does not hold the step open; that process group is returned for the end of the job.
func (r *ciRun) shell(name, script string, env []string) (pgid int, err error) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := os.CreateTemp(r.t.TempDir(), "step-*.log")
	if err != nil {
		r.t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = r.workspace, env, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	err = cmd.Wait()
	text, _ := os.ReadFile(out.Name())
	fmt.Fprintf(&r.log, "--- %s\n$ %s\n%s", name, strings.TrimSpace(script), text)
	return cmd.Process.Pid, err
}

// endJob stops what a job's steps left running, as the CI system does when a job ends.
func endJob(groups []int) {
	for _, g := range groups {
		_ = syscall.Kill(-g, syscall.SIGTERM)
	}
	for _, g := range groups {
		for deadline := time.Now().Add(10 * time.Second); syscall.Kill(-g, 0) == nil; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				_ = syscall.Kill(-g, syscall.SIGKILL)
				break
			}
		}
	}
}

// fail ends the test with the run's whole log.
func (r *ciRun) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("%s\n%s", fmt.Sprintf(format, args...), r.log.String())
}

var exprPattern = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expand replaces GitHub's ${{ expression }} with the run's values.
func (r *ciRun) expand(file, s string) string {
	r.t.Helper()
	return exprPattern.ReplaceAllStringFunc(s, func(m string) string {
		expr := exprPattern.FindStringSubmatch(m)[1]
		v, ok := r.exprs[expr]
		if !ok {
			r.fail("%s: the test has no value for ${{ %s }}", file, expr)
		}
		return v
	})
}

// holds evaluates an if: condition ("" holds).
func (r *ciRun) holds(file, cond string) bool {
	r.t.Helper()
	cond = strings.TrimSpace(cond)
	if cond == "" {
		return true
	}
	if m := exprPattern.FindStringSubmatch(cond); m != nil && m[0] == cond {
		cond = m[1]
	}
	v, ok := r.conds[cond]
	if !ok {
		r.fail("%s: the test does not know the condition %q", file, cond)
	}
	return v
}

type ghWorkflow struct {
	Env         map[string]string `yaml:"env"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        yaml.Node         `yaml:"jobs"`
}

type ghJob struct {
	If          string            `yaml:"if"`
	Env         map[string]string `yaml:"env"`
	Permissions map[string]string `yaml:"permissions"`
	Steps       []ghStep          `yaml:"steps"`
}

type ghStep struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

// runGitHubWorkflow runs every job of the workflow whose if: holds, in file order, and returns
// the ids of the jobs it ran.
func (r *ciRun) runGitHubWorkflow(rel string) []string {
	r.t.Helper()
	var wf ghWorkflow
	if err := yaml.Unmarshal([]byte(readExample(r.t, rel)), &wf); err != nil {
		r.t.Fatalf("%s: %v", rel, err)
	}
	var ran []string
	for i := 0; i+1 < len(wf.Jobs.Content); i += 2 {
		id := wf.Jobs.Content[i].Value
		var job ghJob
		if err := wf.Jobs.Content[i+1].Decode(&job); err != nil {
			r.t.Fatalf("%s: job %s: %v", rel, id, err)
		}
		if !r.holds(rel, job.If) {
			continue
		}
		ran = append(ran, id)
		r.runGitHubJob(rel, id, wf, job)
	}
	return ran
}

func (r *ciRun) runGitHubJob(rel, id string, wf ghWorkflow, job ghJob) {
	r.t.Helper()
	home, runnerTemp := r.t.TempDir(), r.t.TempDir()
	githubEnv := filepath.Join(runnerTemp, "github_env")
	writeFile(r.t, githubEnv, "")
	base := append(r.jobEnv(home), "RUNNER_TEMP="+runnerTemp, "GITHUB_ENV="+githubEnv,
		"GITHUB_WORKSPACE="+r.workspace, "GITHUB_ACTIONS=true")
	perms := wf.Permissions
	if job.Permissions != nil {
		perms = job.Permissions
	}
	if perms["id-token"] == "write" {
		base = append(base, r.oidcEnv...)
	}
	for _, m := range []map[string]string{wf.Env, job.Env} {
		for k, v := range m {
			base = append(base, k+"="+r.expand(rel, v))
			r.exprs["env."+k] = r.expand(rel, v)
		}
	}
	var path []string
	var groups []int
	defer func() { endJob(groups) }()
	for n, step := range job.Steps {
		name := fmt.Sprintf("%s: job %s, step %d %s%s", rel, id, n+1, step.Name, step.Uses)
		if !r.holds(rel, step.If) {
			continue
		}
		with := map[string]string{}
		for k, v := range step.With {
			with[k] = r.expand(rel, v)
		}
		switch {
		case step.Run != "":
			env := slices.Clone(base)
			env = append(env, "PATH="+strings.Join(append(path, os.Getenv("PATH")), string(os.PathListSeparator)))
			for k, v := range step.Env {
				env = append(env, k+"="+r.expand(rel, v))
			}
			data, _ := os.ReadFile(githubEnv) // what earlier steps exported, KEY=VALUE lines
			env = append(env, strings.Fields(string(data))...)
			pgid, err := r.shell(name, r.expand(rel, step.Run), env)
			groups = append(groups, pgid)
			if err != nil {
				r.fail("%s failed: %v", name, err)
			}
		case strings.HasPrefix(step.Uses, "actions/checkout@"):
			r.checkout(name, with["repository"], with["ref"], with["path"])
		case strings.HasPrefix(step.Uses, "actions/setup-go@"):
			if f := with["go-version-file"]; f != "" {
				if _, err := os.Stat(filepath.Join(r.workspace, f)); err != nil {
					r.fail("%s: go-version-file: %v", name, err)
				}
			}
		case strings.HasPrefix(step.Uses, "hashicorp/setup-terraform@"):
			bin := r.t.TempDir()
			if err := os.Symlink(r.cli, filepath.Join(bin, "terraform")); err != nil {
				r.t.Fatal(err)
			}
			path = append(path, bin)
			fmt.Fprintf(&r.log, "--- %s: terraform is %s (the workflow asks for %s)\n", name, r.cli, with["terraform_version"])
		default:
			r.fail("%s: the test cannot play %q", name, step.Uses)
		}
	}
}

// checkout plays actions/checkout: the user's repository is the prepared workspace already; the
// provider's repository is cloned from the local stand-in, at the ref asked for.
func (r *ciRun) checkout(name, repository, ref, path string) {
	r.t.Helper()
	switch repository {
	case "":
		return
	case "platformkit/terraform-provider-xray":
		// actions/checkout empties its path first (clean: true).
		if err := os.RemoveAll(filepath.Join(r.workspace, path)); err != nil {
			r.t.Fatal(err)
		}
		args := []string{"clone", "-q", "file://" + r.repo, filepath.Join(r.workspace, path)}
		if ref != "" {
			args = append(args, "--branch", ref)
		}
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			r.fail("%s: git clone: %v\n%s", name, err, out)
		}
	default:
		r.fail("%s: the test cannot check out %s", name, repository)
	}
}

type glJob struct {
	Stage     string            `yaml:"stage"`
	Variables map[string]string `yaml:"variables"`
	IDTokens  map[string]struct {
		Aud string `yaml:"aud"`
	} `yaml:"id_tokens"`
	BeforeScript []string `yaml:"before_script"`
	Script       []string `yaml:"script"`
	AfterScript  []string `yaml:"after_script"`
	Rules        []struct {
		If string `yaml:"if"`
	} `yaml:"rules"`
}

var glKeywords = map[string]bool{"variables": true, "stages": true, "default": true, "include": true, "workflow": true}

// runGitLabPipeline runs the jobs of a .gitlab-ci.yml whose rules hold, stage by stage, in one
// project folder (so each job sees the artifacts of the earlier ones), and returns their names.
func (r *ciRun) runGitLabPipeline(rel string) []string {
	r.t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(readExample(r.t, rel)), &root); err != nil {
		r.t.Fatalf("%s: %v", rel, err)
	}
	doc := root.Content[0]
	raw := map[string]map[string]any{}
	var globals map[string]string
	var names []string
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key := doc.Content[i].Value
		switch {
		case key == "variables":
			if err := doc.Content[i+1].Decode(&globals); err != nil {
				r.t.Fatalf("%s: variables: %v", rel, err)
			}
		case glKeywords[key]:
		default:
			var m map[string]any
			if err := doc.Content[i+1].Decode(&m); err != nil {
				r.t.Fatalf("%s: %s: %v", rel, key, err)
			}
			raw[key] = m
			if !strings.HasPrefix(key, ".") {
				names = append(names, key)
			}
		}
	}
	stages := []string{".pre", "build", "test", "deploy", ".post"}
	jobs := map[string]glJob{}
	for _, name := range names {
		merged := map[string]any{}
		if parent, ok := raw[name]["extends"].(string); ok {
			for k, v := range raw[parent] {
				merged[k] = v
			}
		}
		for k, v := range raw[name] {
			merged[k] = v
		}
		if _, ok := merged["stage"]; !ok {
			merged["stage"] = "test"
		}
		data, _ := yaml.Marshal(merged)
		var job glJob
		if err := yaml.Unmarshal(data, &job); err != nil {
			r.t.Fatalf("%s: %s: %v", rel, name, err)
		}
		if !slices.Contains(stages, job.Stage) {
			r.fail("%s: %s: unknown stage %q", rel, name, job.Stage)
		}
		jobs[name] = job
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return slices.Index(stages, jobs[a].Stage) - slices.Index(stages, jobs[b].Stage)
	})
	var ran []string
	for _, name := range names {
		job := jobs[name]
		if len(job.Rules) > 0 && !slices.ContainsFunc(job.Rules, func(rule struct {
			If string `yaml:"if"`
		}) bool {
			return r.holds(rel, rule.If)
		}) {
			continue
		}
		ran = append(ran, name)
		env := append(r.jobEnv(r.t.TempDir()), "CI_PROJECT_DIR="+r.workspace, "GITLAB_CI=true")
		for _, m := range []map[string]string{globals, job.Variables} {
			for k, v := range m {
				env = append(env, k+"="+v)
			}
		}
		env = append(env, r.vars...)
		for k, tok := range job.IDTokens {
			env = append(env, k+"="+r.idToken(tok.Aud))
		}
		script := strings.Join(append(slices.Clone(job.BeforeScript), job.Script...), "\n")
		pgid, err := r.shell(rel+": job "+name, script, env)
		if len(job.AfterScript) > 0 {
			if g, _ := r.shell(rel+": job "+name+" after_script", strings.Join(job.AfterScript, "\n"), env); g > 0 {
				endJob([]int{g})
			}
		}
		endJob([]int{pgid})
		if err != nil {
			r.fail("%s: job %s failed: %v", rel, name, err)
		}
	}
	return ran
}
