// Command terraform-provider-xray serves the Xray provider to Terraform or OpenTofu.
package main

import (
	"flag"
	"log"

	"github.com/platformkit/terraform-provider-xray/internal/provider"
	"github.com/platformkit/terraform-provider-xray/internal/server"
)

// Run "make generate" to format example Terraform files and generate the docs for the registry.
//go:generate terraform fmt -recursive ./examples/

// version is set by the release build (goreleaser) with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := server.Serve(provider.Address, provider.New(version), debug); err != nil {
		log.Fatal(err.Error())
	}
}
