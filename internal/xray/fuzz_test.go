package xray_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// stubTransport answers every request in memory, without a network.
type stubTransport func(req *http.Request) (status int, header http.Header, body string)

func (f stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	status, header, body := f(req)
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{
		Status:        http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

func stubClient(tb testing.TB, rt http.RoundTripper) *xray.Client {
	tb.Helper()
	c, err := xray.NewClient(xray.Config{
		URL:          "https://acme.jfrog.io",
		AccessToken:  testToken,
		UserAgent:    testAgent,
		RetryMax:     -1,
		RetryWaitMin: time.Microsecond,
		RetryWaitMax: time.Microsecond,
		HTTPClient:   &http.Client{Transport: rt},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

var fuzzStatuses = [...]int{200, 400, 404, 500}

// FuzzDecodeResponse feeds arbitrary answers to the read paths: whatever the server says, the
// client returns exactly one of a value and an error, never panics, and never puts the token
// in the error. Run with
//
//	go test ./internal/xray/ -run '^$' -fuzz FuzzDecodeResponse -fuzztime 60s -fuzzminimizetime 1s
//
// (the default minimisation time of 60 s makes the run look stalled whenever an input is new).
func FuzzDecodeResponse(f *testing.F) {
	seeds := []struct {
		status byte
		body   string
	}{
		{0, readJSON(sampleIntegration())},
		{0, `{"connection_name":"j","auth_type":"oauth1","username":"u","installation_type":"server","jira_server_url":"http://j","skip_proxy":true}`},
		{0, `{"status":"HEALTHY_INTEGRATION","reason":"","time":"2024-05-01T10:00:00Z","integration_name":"jira-prod"}`},
		{0, `{"status":"FAULTY_CONFIGURATION","reason":"401 Unauthorized from Jira","time":"2024-05-01T10:00:00Z","integration_name":"jira-prod"}`},
		{0, `{"status":"INTEGRATION_NOT_FOUND","reason":"","time":"","integration_name":"x"}`},
		{0, `{"connection_name":"jira-prod","auth_`},
		{0, ""},
		{0, "null"},
		{0, "[]"},
		{0, `{"skip_proxy":"yes"}`},
		{0, "<html><title>OK</title></html>"},
		{1, `{"error":"We were not able to connect to your Jira based on the credentials you provided, please check all the values and try again."}`},
		{1, `{"errors":[{"code":"BAD_REQUEST","message":"bad"},{"code":"X","message":""}]}`},
		{1, `{"error":null,"errors":null}`},
		{1, `{"errors":[]}`},
		{1, `{"error":5}`},
		{2, `{"error":"Integration not found"}`},
		{2, "404 page not found\n"},
		{2, "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>nginx</body></html>"},
		{2, "<html><head><title>"},
		{2, "<title>\xff\xfe</title>"},
		{3, `{"error":"Failed to get integration"}`},
		{3, "<html><body><p>" + strings.Repeat("&amp;", 300) + "</p></body></html>"},
		{3, strings.Repeat("é", 500)},
		{3, "\x00\x01\x02"},
	}
	for _, s := range seeds {
		f.Add(s.status, s.body)
	}
	f.Fuzz(func(t *testing.T, statusSel byte, body string) {
		status := fuzzStatuses[int(statusSel)%len(fuzzStatuses)]
		rt := stubTransport(func(*http.Request) (int, http.Header, string) { return status, nil, body })
		ctx := context.Background()

		c := stubClient(t, rt)
		in, err := c.GetJiraIntegration(ctx, "jira-prod")
		if (in == nil) == (err == nil) {
			t.Fatalf("GetJiraIntegration(HTTP %d, %q) = %v, %v: want exactly one of a value and an error", status, body, in, err)
		}
		if err != nil {
			msg := err.Error()
			assertNoSecrets(t, "error", msg)
			if status != 200 && len(body) <= 1<<20 && xray.StatusCode(err) != status {
				t.Fatalf("HTTP %d gave StatusCode %d: %v", status, xray.StatusCode(err), err)
			}
		} else if status != 200 {
			t.Fatalf("HTTP %d gave a value: %+v", status, in)
		}

		c = stubClient(t, rt)
		st, err := c.GetIntegrationStatus(ctx, "jira-prod")
		if (st == nil) == (err == nil) {
			t.Fatalf("GetIntegrationStatus(HTTP %d, %q) = %v, %v: want exactly one of a value and an error", status, body, st, err)
		}
		if err != nil {
			assertNoSecrets(t, "error", err.Error())
		} else if status != 200 {
			t.Fatalf("HTTP %d gave a status: %+v", status, st)
		}
	})
}
