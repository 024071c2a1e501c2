package server

import "os"

// logLevelVariables are the variables with which Terraform, OpenTofu or a user ask for provider
// or SDK logs. Terraform passes its environment to the provider process.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_XRAY",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// silenceUnrequestedLogs turns the SDK and provider loggers off when nobody asked for logs, and
// leaves them alone under -debug, where the developer reads them on the provider's own stderr.
//
// Why: terraform-plugin-go and the framework otherwise write every TRACE line as JSON to stderr,
// where Terraform throws it away unless TF_LOG or TF_LOG_PROVIDER is set, and writing it was a
// large share of the provider's CPU time (DESIGN.md, "Quiet unless asked", has the figure). It
// changes the process's environment, so only Serve calls it, before the server starts.
func silenceUnrequestedLogs(debug bool) {
	if debug {
		return
	}
	for _, name := range logLevelVariables {
		if os.Getenv(name) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
	_ = os.Setenv("TF_LOG_PROVIDER", "OFF")
}
