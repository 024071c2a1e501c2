package fakexray

import (
	"net/http"
	"net/http/httptest"
)

// StartActionsTokenServer is NewActionsTokenServer outside a test, for the standalone fake: it
// listens on a loopback addr (for example 127.0.0.1:0) until Close.
func StartActionsTokenServer(subject, addr string) (*ActionsTokenServer, error) {
	ln, err := listenLoopback(addr)
	if err != nil {
		return nil, err
	}
	a := &ActionsTokenServer{RequestToken: "actions-request-" + randomHex(12), Subject: subject}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(a.serve))
	_ = a.srv.Listener.Close()
	a.srv.Listener = ln
	a.srv.Start()
	a.RequestURL = a.srv.URL + "/_apis/distributedtask/idtoken?api-version=2.0"
	return a, nil
}

// Close stops a server from StartActionsTokenServer.
func (a *ActionsTokenServer) Close() { a.srv.Close() }
