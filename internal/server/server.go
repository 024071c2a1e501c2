// Package server turns the provider into the protocol 6 server that Terraform talks to. It is
// providerserver's own wiring plus two changes: the framework keeps every request's context until
// the provider is stopped, and this package lets that memory go when the request ends (see
// releasingServer); and a provider process nobody asked for logs from writes none (see
// silenceUnrequestedLogs).
package server

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
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
// off the logs nobody asked for (not under debug).
func Serve(address string, p func() provider.Provider, debug bool) error {
	silenceUnrequestedLogs(address, debug)
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return releaseContexts(providerserver.NewProtocol6(p())())
	}, opts...)
}
