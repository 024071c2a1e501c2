// Package server turns the provider into the protocol 6 server that Terraform talks to. It is
// providerserver's own wiring plus three changes: the framework keeps every request's context
// until the provider is stopped, and this package lets that memory go when the request ends (see
// releasingServer); a provider process nobody asked for logs from writes none (see
// silenceUnrequestedLogs); and the apply's second plan of a change gets the first plan's private
// data, which terraform-plugin-go does not pass on yet (see Serve and internal/replan).
package server

import (
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"

	"github.com/platformkit/terraform-provider-xray/internal/replan"
)

// New returns the protocol 6 server constructor for p, in the form terraform-plugin-testing's
// ProtoV6ProviderFactories expect, so that acceptance tests run exactly what Terraform runs.
func New(p func() provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		inner, err := providerserver.NewProtocol6WithError(p())()
		if err != nil {
			return nil, err
		}
		return releaseContexts(inner), nil
	}
}

// Serve serves the provider to Terraform (or, with debug, to a debugger through reattach) until
// Terraform stops it. It is what providerserver.Serve does, with New's server, after switching
// off the logs nobody asked for (not under debug), and with replan.Interceptor in front of the
// protocol server, so that the apply's second plan of a change sees the private data of its first
// (Terraform 1.16 and later send it; terraform-plugin-go v0.31 drops it). A debug session runs the
// same server (serveDebug), so it behaves like a real run.
func Serve(address string, p func() provider.Provider, debug bool) error {
	silenceUnrequestedLogs(address, debug)
	factory := func() tfprotov6.ProviderServer {
		return releaseContexts(providerserver.NewProtocol6(p())())
	}
	config := &plugin.ServeConfig{
		HandshakeConfig: handshake,
		Plugins:         plugin.PluginSet{"provider": &tf6server.GRPCProviderPlugin{GRPCProvider: factory, Name: address}},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			opts = append(opts, grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize),
				grpc.ChainUnaryInterceptor(replan.Interceptor))
			return grpc.NewServer(opts...)
		},
	}
	if debug {
		return serveDebug(address, config)
	}
	plugin.Serve(config)
	return nil
}

// handshake is go-plugin's handshake for protocol 6, as tf6server.Serve sends it: Terraform starts
// a provider only with this cookie and version.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  6,
	MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
	MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
}

// maxMessageSize is tf6server's limit for a gRPC message either way (256 MiB), far above what this
// provider exchanges.
const maxMessageSize = 256 << 20
