package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-xray/internal/loglevel"
	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// secretFieldKeys are log field keys whose values are always masked, whoever logs them.
var secretFieldKeys = []string{"password", "password_wo", "access_token", "Authorization", "authorization"}

// maskSecrets returns a context whose provider logs hide the given secret values wherever they
// appear (messages and field values), and the values of secret field keys. The provider never
// logs secrets on purpose; this catches the accidents, such as a secret echoed inside an error
// text. Each mask copies the request's logger, so only operations that handle a secret
// (create and update) pay for it, not the refresh of every resource.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	var values []string
	for _, s := range secrets {
		if s != "" {
			values = append(values, s)
		}
	}
	if len(values) == 0 || !providerWrites(loglevel.Error) {
		return ctx // a mask hides secrets in lines the provider writes; with its logger off there are none
	}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	return tflog.MaskLogStrings(ctx, values...)
}

// providerWrites reports whether the provider's logger writes lines of the level line in this
// process. server.Serve turns it off when nobody asked for logs, and tflog merges a line's fields
// and applies the context's masks before its logger checks the level, so a line or a mask that
// no logger writes still costs CPU on every call.
func providerWrites(line string) bool {
	return loglevel.Writes(os.Getenv(providerLogVariable), line)
}

// providerLogVariable is terraform-plugin-go's variable for the provider's log level.
var providerLogVariable = loglevel.ProviderVariable(Address)

// logInfo writes an INFO line of the provider's, where its logger writes INFO lines.
func logInfo(ctx context.Context, msg string, fields map[string]any) {
	if providerWrites(loglevel.Info) {
		tflog.Info(ctx, msg, fields)
	}
}

// clientLogger is the API client's logger: tflog, when the provider's logger writes DEBUG lines
// at all in this process, else none: a line per request cost CPU even with the logs off.
func clientLogger() xray.Logger {
	if !providerWrites(loglevel.Debug) {
		return nil
	}
	return tflogAdapter{}
}

// tflogAdapter lets the API client, which imports nothing from Terraform, log through tflog
// with the caller's context, so its lines carry the request's masking and fields.
type tflogAdapter struct{}

// Debug writes through a copy of the context's logger options: tflog applies its masks by
// writing into the options' field map, so two goroutines logging with one context (the client
// reads both routes at once) would write one map at the same time, which is a fatal error.
func (a tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(a.Isolate(ctx), msg, fields)
}

// Isolate returns ctx with its own copy of the logger options (tflog.SetField copies them), for
// a line written concurrently with others or a look-up that outlives the call.
func (tflogAdapter) Isolate(ctx context.Context) context.Context {
	return tflog.SetField(ctx, "client", "xray")
}
