package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// providerConfigSkippingNameCheck is the provider block with skip_name_check = true.
func (e *testEnv) providerConfigSkippingNameCheck() string {
	return fmt.Sprintf("provider \"xray\" {\n  url             = %q\n  access_token    = %q\n  skip_name_check = true\n}\n", e.url, e.token)
}

// With skip_name_check (the argument or XRAY_SKIP_NAME_CHECK), a plan that creates an
// integration sends Xray no request at all; without it, the same plan asks once whether the name
// is free (the default is unchanged).
func TestAccSkipNameCheck_planMakesNoRequest(t *testing.T) {
	env := newFakeEnv(t)
	clearProviderEnv(t)
	name := randomName()
	res := integrationResource(env.integration(name), "")
	requests := func() int { return len(env.fake.Requests()) }
	var before int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:          func() { before = requests() },
			Config:             env.providerConfigSkippingNameCheck() + res,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}, {
			PreConfig: func() {
				if n := requests() - before; n != 0 {
					t.Errorf("a plan with skip_name_check = true sent %d requests, want none: %v", n, env.fake.Requests())
				}
				t.Setenv(skipNameCheckEnvVar, "true")
				before = requests()
			},
			Config:             env.providerConfig() + res,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}, {
			PreConfig: func() {
				if n := requests() - before; n != 0 {
					t.Errorf("a plan with %s=true sent %d requests, want none", skipNameCheckEnvVar, n)
				}
				t.Setenv(skipNameCheckEnvVar, "")
				before = requests()
			},
			Config:             env.providerConfig() + res,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := requests() - before; n == 0 {
		t.Errorf("a plan without skip_name_check sent no request: the default check is gone")
	}
}

// With skip_name_check, a name Xray already has still fails at create, with the import block,
// and the integration in Xray is left as it was.
func TestAccSkipNameCheck_takenNameFailsAtCreateWithTheImportBlock(t *testing.T) {
	env := newFakeEnv(t)
	name := randomName()
	theirs := fakexray.JiraIntegration{ConnectionName: name, AuthType: "basic", Username: "made-in-the-ui",
		Password: "theirs", InstallationType: "cloud", JiraServerURL: "https://theirs.atlassian.net"}
	env.fake.Put(theirs)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.providerConfigSkippingNameCheck() + integrationResource(env.integration(name), ""),
			ExpectError: expectError("Unable to create Jira integration", fmt.Sprintf("already has an integration named %q", name),
				"import {", fmt.Sprintf("id = %q", name)),
		}},
	})
	if got, ok := env.fake.Integration(name); !ok || got != theirs {
		t.Errorf("Xray's integration is now %+v (present %v), want it as it was: %+v", got, ok, theirs)
	}
	// The plan reads nothing: the first request about the name is the create (whose failure
	// then reads the integration, to say how it differs).
	for _, r := range env.fake.Requests() {
		if r.Pattern == fakexray.PatternCreate {
			break
		}
		if strings.Contains(r.Path, "jira-integrations") {
			t.Errorf("%s %s was sent before the create; with skip_name_check the plan reads nothing", r.Method, r.Path)
		}
	}
}

// XRAY_SKIP_NAME_CHECK that is not a boolean is an error naming the variable, not a silent
// false; the argument wins over the variable.
func TestSkipNameCheckFromTheEnvironment(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("JFROG_ACCESS_TOKEN", clearTextTestToken)
	t.Setenv(skipNameCheckEnvVar, "yes please")
	diags := configureWith(t, map[string]string{"url": "https://xray.example.invalid"})
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Summary()+diags.Errors()[0].Detail(), skipNameCheckEnvVar) {
		t.Errorf("diagnostics %v, want an error naming %s", diags, skipNameCheckEnvVar)
	}
	for raw, want := range map[string]bool{"true": true, "1": true, "false": false, "": false} {
		t.Setenv(skipNameCheckEnvVar, raw)
		var d diag.Diagnostics
		if got, _ := skipNameCheck(providerModel{SkipNameCheck: types.BoolNull()}, &d); got != want || d.HasError() {
			t.Errorf("%s=%q: skip = %v (%v), want %v", skipNameCheckEnvVar, raw, got, d, want)
		}
		if got, _ := skipNameCheck(providerModel{SkipNameCheck: types.BoolValue(!want)}, &d); got != !want {
			t.Errorf("%s=%q with skip_name_check = %v: got %v, want the argument", skipNameCheckEnvVar, raw, !want, got)
		}
	}
}
