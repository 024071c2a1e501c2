package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for a provider: with XRAY_BENCH_FAKE_HANDSHAKE set it
// waits that long, prints a go-plugin handshake line, or the variable's text after "say:", and
// then blocks until killed, as a provider does.
func TestMain(m *testing.M) {
	if v := os.Getenv("XRAY_BENCH_FAKE_HANDSHAKE"); v != "" {
		if line, ok := strings.CutPrefix(v, "say:"); ok {
			fmt.Println(line)
		} else {
			d, _ := time.ParseDuration(v)
			time.Sleep(d)
			fmt.Println("1|6|unix|/tmp/plugin0|grpc|")
		}
		select {}
	}
	os.Exit(m.Run())
}

func TestTimeHandshakeWaitsForTheLine(t *testing.T) {
	d, err := timeHandshake(context.Background(), os.Args[0], []string{"XRAY_BENCH_FAKE_HANDSHAKE=150ms"})
	if err != nil {
		t.Fatal(err)
	}
	if d < 150*time.Millisecond || d > 5*time.Second {
		t.Errorf("timed %s for a provider that answers after 150ms", d)
	}
}

func TestTimeHandshakeRejectsWhatIsNotAHandshake(t *testing.T) {
	_, err := timeHandshake(context.Background(), os.Args[0], []string{"XRAY_BENCH_FAKE_HANDSHAKE=say:This binary is a plugin."})
	if err == nil || !strings.Contains(err.Error(), "unexpected handshake line") {
		t.Fatalf("err = %v, want an unexpected handshake line", err)
	}
}

func TestClientCertificateIsPEM(t *testing.T) {
	pem, err := clientCertificatePEM()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pem, "-----BEGIN CERTIFICATE-----\n") {
		t.Errorf("not a PEM certificate: %.40q", pem)
	}
}
