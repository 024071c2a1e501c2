package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"time"
)

// Every provider process Terraform starts costs the same fixed set-up before its first request,
// whatever the provider does: a refresh-only plan starts three, so at low latency this is most of
// what separates the refresh from its floor. measureStartup times that set-up on the provider's
// side, from exec to go-plugin's handshake line on stdout, the way Terraform starts it (with
// automatic mutual TLS) and without TLS, which shows what the TLS set-up costs.

// startupRuns is how many processes are started per variant; the median is reported.
const startupRuns = 25

// tfMagicCookie is the handshake variable terraform-plugin-go's servers check (tf6server), as
// Terraform sets it for every provider it starts.
const tfMagicCookie = "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

type startupResult struct {
	Plain, MTLS time.Duration // medians, exec to handshake line
}

func (b *bench) measureStartup(ctx context.Context) (*startupResult, error) {
	cert, err := clientCertificatePEM()
	if err != nil {
		return nil, err
	}
	b.logf("==> provider start-up: %d processes with and without automatic mTLS", startupRuns)
	var res startupResult
	for _, v := range []struct {
		into *time.Duration
		env  []string
	}{
		{&res.Plain, nil},
		{&res.MTLS, []string{"PLUGIN_CLIENT_CERT=" + cert}},
	} {
		var ds []time.Duration
		for range startupRuns {
			d, err := timeHandshake(ctx, b.realBin, v.env)
			if err != nil {
				return nil, err
			}
			ds = append(ds, d)
		}
		*v.into = median(ds)
	}
	return &res, nil
}

// timeHandshake starts the provider as go-plugin's client does and times the handshake line.
func timeHandshake(ctx context.Context, bin string, extraEnv []string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(cleanEnv(os.Environ()), tfMagicCookie, "PLUGIN_PROTOCOL_VERSIONS=6",
		"PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000")
	cmd.Env = append(cmd.Env, extraEnv...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("starting the provider: %w", err)
	}
	line, readErr := bufio.NewReader(out).ReadString('\n')
	d := time.Since(start)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if readErr != nil {
		return 0, fmt.Errorf("reading the provider's handshake: %w", readErr)
	}
	if len(line) < 10 || line[:2] != "1|" {
		return 0, fmt.Errorf("unexpected handshake line %q", line)
	}
	return d, nil
}

// clientCertificatePEM makes a client certificate like the one go-plugin's client passes in
// PLUGIN_CLIENT_CERT: self-signed, ECDSA P-521.
func clientCertificatePEM() (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		return "", err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: now.Add(-time.Minute), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), nil
}
