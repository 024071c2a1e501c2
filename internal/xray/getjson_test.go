package xray_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// GetJSON, the client's transport for GitHub's ID-token endpoint, bounds the body like every
// answer the client reads.
func TestGetJSONBoundsTheBody(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reply(w, 200, `{"value":"`+strings.Repeat("x", 2<<20)+`"}`)
	}))
	var out struct{ Value string }
	err := xray.GetJSON(context.Background(), xray.Config{}, "GitHub Actions", srv.URL+"/idtoken", nil, &out)
	if err == nil || !strings.Contains(err.Error(), "larger than") || out.Value != "" {
		t.Errorf("a 2 MiB answer gave %v (value of %d bytes), want the body-size error", err, len(out.Value))
	}
}
