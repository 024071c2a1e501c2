package provider

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The client logs from several goroutines with one request context (both routes are read at
// once), and tflog applies masks by writing into the context's field map: the adapter gives each
// line its own copy. Before, two lines at once could end the provider with "concurrent map
// writes" (seen in CI on a refused create, whose context masks the password).
func TestClientLoggerIsSafeForConcurrentLines(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	ctx := tflogtest.RootLogger(context.Background(), &lockedWriter{w: &buf, mu: &mu})
	ctx = tflog.SetField(ctx, "tf_rpc", "ApplyResourceChange")
	ctx = tflog.MaskAllFieldValuesStrings(ctx, "hunter2")
	log := tflogAdapter{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2000 {
				log.Debug(ctx, "Xray API request", map[string]any{"http_path": "/x/hunter2"})
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if bytes.Contains(buf.Bytes(), []byte("hunter2")) {
		t.Error("a masked value reached the log")
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
