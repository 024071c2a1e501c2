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
	if len(values) == 0 {
		return ctx
	}
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	return tflog.MaskLogStrings(ctx, values...)
}

// clientLogger is the API client's logger: tflog, when the provider's logger writes DEBUG lines
// at all in this process, else none. tflog merges and masks a line's fields before its logger
// checks the level, so a line per request cost CPU even with the provider's logs off, which
// server.Serve makes them when nobody asked for logs.
func clientLogger() xray.Logger {
	if !loglevel.WritesDebug(os.Getenv(loglevel.ProviderVariable(Address))) {
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
