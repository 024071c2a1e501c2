package server

import (
	"os"
	"slices"

	"github.com/platformkit/terraform-provider-xray/internal/loglevel"
)

// logLevelVariables are the variables with which Terraform, OpenTofu or a user ask for SDK logs
// or for any provider's logs. Terraform passes its environment to the provider process.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// silenceUnrequestedLogs turns the SDK and provider loggers off when nobody asked for logs, and
// leaves them alone under -debug, where the developer reads them on the provider's own stderr.
//
// Why: terraform-plugin-go and the framework otherwise write every TRACE line as JSON to stderr,
// where Terraform parses it and throws it away unless TF_LOG or TF_LOG_PROVIDER is set; that
// cost both processes CPU on every call (DESIGN.md, "Quiet unless asked"). It changes the
// process's environment, so only Serve calls it, before the server starts.
func silenceUnrequestedLogs(address string, debug bool) {
	if debug {
		return
	}
	provider := loglevel.ProviderVariable(address)
	for _, name := range append(slices.Clone(logLevelVariables), provider) {
		if os.Getenv(name) != "" {
			return
		}
	}
	_ = os.Setenv(loglevel.SDKVariable, "OFF")
	_ = os.Setenv(provider, "OFF")
}
