package provider

import (
	"fmt"
	"os"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// skipNameCheckEnvVar is skip_name_check's environment variable (this provider's own).
const skipNameCheckEnvVar = "XRAY_SKIP_NAME_CHECK"

// skipNameCheck returns the provider's skip_name_check and where it came from: the argument when
// set (true or false), else XRAY_SKIP_NAME_CHECK when set and not "", else false. A value of the
// variable that is not a boolean is an error, not a silent false: it was meant to change
// something.
func skipNameCheck(cfg providerModel, diags *diag.Diagnostics) (skip bool, source string) {
	if !cfg.SkipNameCheck.IsNull() {
		return cfg.SkipNameCheck.ValueBool(), "the skip_name_check attribute"
	}
	raw := os.Getenv(skipNameCheckEnvVar)
	if raw == "" {
		return false, ""
	}
	v, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddAttributeError(path.Root("skip_name_check"), "Invalid "+skipNameCheckEnvVar,
			fmt.Sprintf("%s must be true or false, not %q.", skipNameCheckEnvVar, raw))
		return false, ""
	}
	return v, "the " + skipNameCheckEnvVar + " environment variable"
}
