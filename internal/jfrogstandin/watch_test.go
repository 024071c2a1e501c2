package jfrogstandin

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// The stand-in's update is released jfrog/xray's worst case: a whole-watch PUT that knows no
// ticketing fields, so ticketing set in between (by the UI, or by xray_watch_jira_ticketing)
// is cleared, while the fields the stand-in does manage are written.
func TestUpdateClearsTicketing(t *testing.T) {
	t.Parallel()
	srv := fakexray.NewTestServer(t)
	c := &apiClient{url: srv.URL(), token: srv.AdminToken(), http: http.DefaultClient}
	m := watchModel{Name: types.StringValue("w"), Description: types.StringValue("one"), Active: types.BoolValue(true), PolicyName: types.StringValue("p")}
	ctx := context.Background()
	if _, err := c.call(ctx, http.MethodPost, "", m.body()); err != nil {
		t.Fatal(err)
	}
	if err := srv.PutWatch("", json.RawMessage(`{"general_data": {"name": "w"}, "create_ticket_enabled": true, "ticket_profile": "team-a"}`)); err != nil {
		t.Fatal(err)
	}
	m.Description = types.StringValue("two")
	if _, err := c.call(ctx, http.MethodPut, "w", m.body()); err != nil {
		t.Fatal(err)
	}
	fields, _ := srv.WatchFields("", "w")
	if _, ok := fields[fakexray.WatchFieldTicketProfile]; ok {
		t.Errorf("the stand-in's PUT kept ticket_profile: %s", fields[fakexray.WatchFieldTicketProfile])
	}
	if string(fields["general_data"]) != `{"active":true,"description":"two","name":"w"}` {
		t.Errorf("general_data = %s", fields["general_data"])
	}
	if _, err := c.call(ctx, http.MethodGet, "gone", nil); err != errGone {
		t.Errorf("GET of a missing watch = %v, want errGone", err)
	}
}
