// Package loglevel names the variables from which terraform-plugin-go sets the levels of a
// provider process's loggers, and reads them, for the server (which switches off the logs nobody
// asked for) and the provider (which then skips building lines no logger would write).
package loglevel

import (
	"path"
	"slices"
	"strings"
)

// SDKVariable is the level terraform-plugin-go gives the SDK's loggers (the framework's and the
// protocol's inherit it); TRACE when unset.
const SDKVariable = "TF_LOG_SDK"

// ProviderVariable is the level terraform-plugin-go gives the provider's own logger (tflog):
// TF_LOG_PROVIDER_ and the provider's type from its address, in capitals with - as _
// ("registry.terraform.io/platformkit/xray": TF_LOG_PROVIDER_XRAY); TRACE when unset. It is not
// TF_LOG_PROVIDER, which only Terraform reads.
func ProviderVariable(address string) string {
	return "TF_LOG_PROVIDER_" + strings.ToUpper(strings.ReplaceAll(path.Base(address), "-", "_"))
}

// The levels of a log line, hclog's names, from the most to the least verbose.
const (
	Trace = "TRACE"
	Debug = "DEBUG"
	Info  = "INFO"
	Warn  = "WARN"
	Error = "ERROR"
)

// order is every level a logger can be set to, from the most to the least verbose.
var order = []string{Trace, Debug, Info, Warn, Error, "OFF"}

// Writes reports whether a logger whose level variable holds level writes lines of the level
// line: hclog's level names, in any case; unset or unknown is TRACE.
func Writes(level, line string) bool {
	return rank(level) <= rank(line)
}

// rank is name's place in order; unset or unknown is TRACE's.
func rank(name string) int {
	return max(slices.Index(order, strings.ToUpper(strings.TrimSpace(name))), 0)
}
