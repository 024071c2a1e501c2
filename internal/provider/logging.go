package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretFieldKeys are log field keys whose values are always masked, whoever logs them.
var secretFieldKeys = []string{"password", "password_wo", "access_token", "Authorization", "authorization"}

// maskSecrets returns a context whose provider logs hide the given secret values wherever they
// appear, and the values of secret field keys. The provider never logs secrets on purpose;
// this catches the accidents, such as a secret echoed inside an error text.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	var values []string
	for _, s := range secrets {
		if s != "" {
			values = append(values, s)
		}
	}
	if len(values) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
		ctx = tflog.MaskMessageStrings(ctx, values...)
	}
	return ctx
}

// tflogAdapter lets the API client, which imports nothing from Terraform, log through tflog
// with the caller's context, so its lines carry the request's masking and fields.
type tflogAdapter struct{}

func (tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}
