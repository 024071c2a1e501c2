package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// A run of the HTTP floor counts only when the fake carried its requests out as it does the
// provider's: a refused create, or an integration left behind, fails the benchmark.
func TestCheckHTTPFloorRefusesRequestsTheFakeDidNotCarryOut(t *testing.T) {
	fake := fakexray.NewTestServer(t, fakexray.WithFlavour(fakexray.FlavourObserved))
	send := func(method, path, token, body string) {
		t.Helper()
		req, err := http.NewRequest(method, fake.URL()+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	const collection = "/xray/api/v1/ticketing/jira-integrations"
	body := `{"connection_name":"hf-1","auth_type":"basic","username":"u@example.com","password":"p","installation_type":"cloud","jira_server_url":"https://hf.atlassian.net","skip_proxy":false}`

	send(http.MethodPost, collection, fake.AdminToken(), body)
	send(http.MethodDelete, collection+"/hf-1", fake.AdminToken(), "")
	if err := checkHTTPFloor(fake); err != nil {
		t.Errorf("a create and a delete the fake carried out: %v", err)
	}

	fake.ResetRequests()
	send(http.MethodPost, collection, "not-a-token", body)
	if err := checkHTTPFloor(fake); err == nil || !strings.Contains(err.Error(), "answered 401") {
		t.Errorf("a refused create: %v, want an error naming the 401", err)
	}

	fake.ResetRequests()
	send(http.MethodPost, collection, fake.AdminToken(), body)
	if err := checkHTTPFloor(fake); err == nil || !strings.Contains(err.Error(), "left 1") {
		t.Errorf("an integration left behind: %v, want an error", err)
	}
}
