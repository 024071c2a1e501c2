package xray_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// The benchmarks use an in-memory transport, so they measure the client's own cost: building the
// request, the retry wrapper, JSON encoding and decoding, and error parsing.

func benchTransport() stubTransport {
	read := readJSON(sampleIntegration())
	status := `{"status":"HEALTHY_INTEGRATION","reason":"","time":"2024-05-01T10:00:00Z","integration_name":"jira-prod"}`
	return func(req *http.Request) (int, http.Header, string) {
		switch {
		case req.Method == http.MethodPost:
			return 200, nil, createdJSON
		case req.Method == http.MethodPut:
			return 200, nil, updatedJSON
		case strings.HasSuffix(req.URL.Path, "/status/check"):
			return 200, nil, status
		default:
			return 200, nil, read
		}
	}
}

func BenchmarkGetJiraIntegration(b *testing.B) {
	c := stubClient(b, benchTransport())
	ctx := context.Background()
	if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil { // settle the path flavour
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetJiraIntegration(ctx, "jira-prod"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateJiraIntegration(b *testing.B) {
	c := stubClient(b, benchTransport())
	ctx := context.Background()
	in := sampleIntegration()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.CreateJiraIntegration(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateJiraIntegration(b *testing.B) {
	c := stubClient(b, benchTransport())
	ctx := context.Background()
	in := sampleIntegration()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.UpdateJiraIntegration(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetIntegrationStatus(b *testing.B) {
	c := stubClient(b, benchTransport())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetIntegrationStatus(ctx, "jira-prod"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewAPIError measures turning an error answer into an error: Xray's JSON, the
// platform's JSON, and a proxy's HTML page (regexp title extraction).
func BenchmarkNewAPIError(b *testing.B) {
	bodies := map[string]string{
		"xray-json":     `{"error":"We were not able to connect to your Jira based on the credentials you provided, please check all the values and try again."}`,
		"platform-json": `{"errors":[{"code":"UNAUTHORIZED","message":"Bad credentials"}]}`,
		"html":          "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("<p>upstream error</p>", 100) + "</body></html>",
	}
	for name, body := range bodies {
		b.Run(name, func(b *testing.B) {
			c := stubClient(b, stubTransport(func(*http.Request) (int, http.Header, string) { return 400, nil, body }))
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				err := c.DeleteJiraIntegration(ctx, "jira-prod")
				if err == nil {
					b.Fatal("want an error")
				}
				_ = err.Error()
			}
		})
	}
}
