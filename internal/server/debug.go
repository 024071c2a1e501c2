package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/hashicorp/go-plugin"
)

// reattachTimeout bounds the wait for go-plugin to report where it listens, as tf6server's
// managed debug does.
const reattachTimeout = 2 * time.Second

// serveDebug serves config for a debugger, as tf6server's managed debug mode does: the process
// listens until Ctrl-C and prints the TF_REATTACH_PROVIDERS value that lets Terraform attach to
// it. It exists so that a debug session runs the same gRPC server as a real run, with
// replan.Interceptor in front, and behaves like one.
func serveDebug(address string, config *plugin.ServeConfig) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	config.Test = &plugin.ServeTestConfig{Context: ctx, ReattachConfigCh: reattach, CloseCh: closed}
	go plugin.Serve(config)

	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case <-time.After(reattachTimeout):
		return errors.New("timeout waiting on reattach configuration")
	}
	if rc == nil {
		return errors.New("nil reattach configuration received")
	}
	value, err := reattachValue(address, rc)
	if err != nil {
		return err
	}
	fmt.Printf("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n")
	fmt.Printf("\tTF_REATTACH_PROVIDERS='%s'\n\n", strings.ReplaceAll(value, `'`, `'"'"'`))
	<-closed
	return nil
}

// reattachValue is the JSON Terraform reads from TF_REATTACH_PROVIDERS for the provider at
// address. go-plugin's ReattachConfig does not encode as that JSON (its Addr is an interface).
func reattachValue(address string, rc *plugin.ReattachConfig) (string, error) {
	type addr struct{ Network, String string }
	type entry struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	b, err := json.Marshal(map[string]entry{address: {
		Protocol: string(rc.Protocol), ProtocolVersion: rc.ProtocolVersion, Pid: rc.Pid, Test: rc.Test,
		Addr: addr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}})
	if err != nil {
		return "", fmt.Errorf("building the reattach configuration: %w", err)
	}
	return string(b), nil
}
