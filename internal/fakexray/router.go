package fakexray

import (
	"fmt"
	"net/http"
)

// RouterStyle is how the fake answers a request for a route it does not have. Real servers
// differ here (the API description lists them), and only Xray's own error body on a route that
// exists proves that an integration is missing: a client must survive every style.
type RouterStyle string

const (
	// RouterGo is Go's ServeMux (the default): a plain-text 404, or 405 when another method
	// serves the same path.
	RouterGo RouterStyle = "go"
	// RouterGin is a gin-based server's default: a plain-text "404 page not found" even
	// where another method serves the path.
	RouterGin RouterStyle = "gin"
	// RouterXray answers in Xray's own error shape, {"error": "Not Found"}, as a server that
	// sends every unknown route to a JSON error handler does.
	RouterXray RouterStyle = "xray"
	// RouterPlatform is the JFrog platform router's JSON:
	// {"errors": [{"status": 404, "message": "Not Found"}]}.
	RouterPlatform RouterStyle = "platform"
)

// RouterStyles lists every style, for tests that run against each.
var RouterStyles = []RouterStyle{RouterGo, RouterGin, RouterXray, RouterPlatform}

// ParseRouterStyle converts a flag value into a RouterStyle.
func ParseRouterStyle(s string) (RouterStyle, error) {
	for _, st := range RouterStyles {
		if RouterStyle(s) == st {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown router style %q (want go, gin, xray or platform)", s)
}

// WithRouterStyle selects how routes the fake does not have are answered.
func WithRouterStyle(style RouterStyle) Option { return func(c *config) { c.router = style } }

// route hands a request to its route, or answers it as the configured router would when the
// configured Xray has no such route.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.api.Handler(r); pattern != "" {
		s.api.ServeHTTP(w, r)
		return
	}
	switch s.cfg.router {
	case RouterGin:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("404 page not found"))
	case RouterXray:
		writeRawJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	case RouterPlatform:
		writeRawJSON(w, http.StatusNotFound, `{"errors":[{"status":404,"message":"Not Found"}]}`)
	default:
		s.api.ServeHTTP(w, r)
	}
}
