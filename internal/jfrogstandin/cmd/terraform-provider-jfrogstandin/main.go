// Command terraform-provider-jfrogstandin serves the test-only stand-in for released jfrog/xray
// (package jfrogstandin), so end-to-end tests can install it as a provider binary.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/platformkit/terraform-provider-xray/internal/jfrogstandin"
)

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers")
	flag.Parse()
	err := providerserver.Serve(context.Background(), jfrogstandin.New("0.0.0-standin"), providerserver.ServeOpts{
		Address: jfrogstandin.Address,
		Debug:   *debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
