package xray_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

const watchBody = `{"general_data": {"name": "w1"}, "x_unknown": {"a": [1, 2.50]}, "ticket_profile": "p"}`

// GetWatch keeps every field as the raw JSON Xray sent, and PutWatch sends what it is given,
// with the project scope in ?projectKey= on both.
func TestWatchGetPutRaw(t *testing.T) {
	t.Parallel()
	var gotPut, gotQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotQuery = r.URL.RawQuery
		switch r.Method + " " + r.URL.Path {
		case "GET /xray/api/v2/watches/w 1":
			reply(w, http.StatusOK, watchBody)
		case "PUT /xray/api/v2/watches/w 1":
			b, _ := io.ReadAll(r.Body)
			gotPut = string(b)
			reply(w, http.StatusOK, `{"info": "updated"}`)
		default:
			reply(w, http.StatusTeapot, "")
		}
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	w, err := c.GetWatch(context.Background(), "w 1", "proj")
	if err != nil {
		t.Fatal(err)
	}
	if string(w["x_unknown"]) != `{"a": [1, 2.50]}` || gotQuery != "projectKey=proj" {
		t.Errorf("GetWatch = %s (query %q)", w["x_unknown"], gotQuery)
	}
	w["ticket_profile"] = json.RawMessage(`"q"`)
	if err := c.PutWatch(context.Background(), "w 1", "", w); err != nil {
		t.Fatal(err)
	}
	if gotPut != `{"general_data":{"name":"w1"},"ticket_profile":"q","x_unknown":{"a":[1,2.50]}}` || gotQuery != "" {
		t.Errorf("PUT body %s (query %q)", gotPut, gotQuery)
	}
}

// A watch is "gone" only when Xray's own 404 is confirmed by the list; every other 404, and a
// 404 the list contradicts or cannot confirm, is an error that is not ErrWatchNotFound.
func TestWatchNotFoundNeedsProof(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, one, list string
		listStatus      int
		gone            bool
		listCalls       int32
	}{
		{"xray 404, list without it", `{"error": "Watch not found"}`, `[{"general_data": {"name": "other"}}]`, 200, true, 1},
		{"xray 404, list with it", `{"error": "Watch not found"}`, `[{"general_data": {"name": "w"}}]`, 200, false, 1},
		{"xray 404, list also 404", `{"error": "Not Found"}`, `{"error": "Not Found"}`, 404, false, 1},
		{"xray 404, list not JSON", `{"error": "Watch not found"}`, `<html>`, 200, false, 1},
		{"gin plain 404", `404 page not found`, `[]`, 200, false, 0},
		{"platform 404", `{"errors": [{"status": 404, "message": "Not Found"}]}`, `[]`, 200, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var listCalls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/xray/api/v2/watches" {
					listCalls.Add(1)
					reply(w, tc.listStatus, tc.list)
					return
				}
				reply(w, http.StatusNotFound, tc.one)
			}))
			defer srv.Close()
			c := newClient(t, srv.URL)
			_, getErr := c.GetWatch(context.Background(), "w", "")
			putErr := c.PutWatch(context.Background(), "w", "", xray.Watch{"general_data": json.RawMessage(`{"name":"w"}`)})
			for what, err := range map[string]error{"GET": getErr, "PUT": putErr} {
				if err == nil || errors.Is(err, xray.ErrWatchNotFound) != tc.gone {
					t.Errorf("%s: %v, want gone=%t", what, err, tc.gone)
				}
				if !strings.Contains(err.Error(), "404") {
					t.Errorf("%s: %v does not show the status", what, err)
				}
			}
			if got := listCalls.Load(); got != 2*tc.listCalls {
				t.Errorf("list asked %d times, want %d", got, 2*tc.listCalls)
			}
		})
	}
}

// A PUT whose connection drops after the request was sent may have been stored: the caller
// learns that it is uncertain, not that it failed.
func TestWatchPutLostAnswer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot hijack a connection")
			return
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	defer srv.Close()
	err := newClient(t, srv.URL, withRetryMax(0)).PutWatch(context.Background(), "w", "", xray.Watch{})
	var uncertain *xray.UncertainWriteError
	if !errors.As(err, &uncertain) || errors.Is(err, xray.ErrWatchNotFound) {
		t.Fatalf("PutWatch after a dropped connection = %v, want an UncertainWriteError", err)
	}
}
