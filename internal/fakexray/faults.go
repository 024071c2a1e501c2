package fakexray

import (
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault describes misbehaviour injected in front of the API, as a proxy, a
// load balancer or an overloaded Xray would produce. Faults act before the
// token check and never apply to /_fake/ paths.
//
// Matching: Method, Pattern and PathContains narrow which requests a fault
// applies to; empty means any. Pattern is compared with the route pattern
// the request matches (one of the Pattern* constants; the method prefix may
// be left out).
//
// Action, applied in this order:
//   - Latency, if set, delays the request first (ends early on cancellation).
//   - StoreThenFail runs the real handler (the create or update is stored)
//     and then answers Status (default 502) and Body instead, or drops the
//     connection if DropConnection is also set: the response is lost.
//   - DropConnection closes the connection without an answer.
//   - Status answers Status with Body (may be empty or non-JSON, e.g. an
//     HTML proxy page), Content-Type and Retry-After if given.
//   - Latency alone lets the request through after the delay.
//
// Times limits how often the fault fires (0 = forever). Probability in
// (0, 1) makes it fire randomly. The draw comes from the seed (WithSeed)
// and the request itself (see faultSet.draw), not from the order in which
// concurrent requests arrive, so the same requests meet the same faults in
// every run. Probabilistic faults share one draw per request, so faults of
// 0.10 and 0.05 fire on 10% and 5% of matching requests, never both.
// Probability 0 (or >= 1) means every matching request. The first fault in
// injection order that fires wins.
type Fault struct {
	Method       string
	Pattern      string
	PathContains string

	Times       int
	Probability float64

	Latency        time.Duration
	Status         int
	Body           string
	ContentType    string // default: guessed from Body (JSON, HTML or plain text)
	RetryAfter     string // Retry-After header value, e.g. "1"
	StoreThenFail  bool
	DropConnection bool
}

// Fault kinds recorded in Request.Fault.
const (
	FaultKindStatus        = "status"
	FaultKindLatency       = "latency"
	FaultKindStoreThenFail = "store-then-fail"
	FaultKindDrop          = "drop"
)

func (f Fault) kind() string {
	switch {
	case f.StoreThenFail:
		return FaultKindStoreThenFail
	case f.DropConnection:
		return FaultKindDrop
	case f.Status != 0:
		return FaultKindStatus
	case f.Latency > 0:
		return FaultKindLatency
	}
	return ""
}

func (f Fault) matches(method, pattern, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if f.Pattern != "" {
		_, patternPath, _ := strings.Cut(pattern, " ")
		if pattern == "" || (f.Pattern != pattern && f.Pattern != patternPath) {
			return false
		}
	}
	return f.PathContains == "" || strings.Contains(path, f.PathContains)
}

func (f Fault) random() bool { return f.Probability > 0 && f.Probability < 1 }

// activeFault is an injected fault with its remaining count.
type activeFault struct {
	Fault
	remaining int // 0 = unlimited
}

type faultSet struct {
	mu     sync.Mutex
	faults []*activeFault
	seed   uint64
	drawn  map[uint64]uint64 // draws so far per request identity (see draw)
}

func newFaultSet(seed uint64) *faultSet {
	return &faultSet{seed: seed, drawn: map[uint64]uint64{}}
}

// draw is a uniform number in [0, 1) for one request, derived from the seed, the request's
// identity and how many requests of that identity drew before it. The identity is the method,
// the path and the connection_name a JSON body names (the whole body when it names none), so a
// retried create draws anew while the order in which concurrent creates of other integrations
// arrive changes nothing: one shared generator would hand each request whichever number came
// next, and a run could not be replayed. Called with fs.mu held.
func (fs *faultSet) draw(method, path string, body []byte) float64 {
	h := fnv.New64a()
	for _, part := range [][]byte{[]byte(method), []byte(path), requestSubject(body)} {
		_, _ = h.Write(part)
		_, _ = h.Write([]byte{0})
	}
	id := h.Sum64()
	n := fs.drawn[id]
	fs.drawn[id] = n + 1
	return rand.New(rand.NewPCG(fs.seed^id, n)).Float64()
}

// requestSubject is what a request body is about: the integration its connection_name names,
// or the body itself.
func requestSubject(body []byte) []byte {
	var named struct {
		ConnectionName string `json:"connection_name"`
	}
	if json.Unmarshal(body, &named) == nil && named.ConnectionName != "" {
		return []byte(named.ConnectionName)
	}
	return body
}

// pick returns the fault to apply to a request, if any, and consumes one of
// its Times.
func (fs *faultSet) pick(method, pattern, path string, body []byte) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	drawn, u, band := false, 0.0, 0.0
	for i, af := range fs.faults {
		if !af.matches(method, pattern, path) {
			continue
		}
		if af.random() {
			if !drawn {
				u, drawn = fs.draw(method, path, body), true
			}
			band += af.Probability
			if u >= band {
				continue
			}
		}
		if af.remaining > 0 {
			af.remaining--
			if af.remaining == 0 {
				fs.faults = append(fs.faults[:i:i], fs.faults[i+1:]...)
			}
		}
		return af.Fault, true
	}
	return Fault{}, false
}

// Inject adds a fault after those already injected.
func (s *Server) Inject(f Fault) {
	if f.Times < 0 {
		f.Times = 0
	}
	if f.Probability < 0 {
		f.Probability = 0
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = append(s.faults.faults, &activeFault{Fault: f, remaining: f.Times})
}

// ClearFaults removes all injected faults.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = nil
}

// respond writes the fault's own answer.
func (f Fault) respond(w http.ResponseWriter, defaultStatus int) {
	status := f.Status
	if status == 0 {
		status = defaultStatus
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body != "" {
		ct := f.ContentType
		if ct == "" {
			ct = guessContentType(f.Body)
		}
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(f.Body))
}

func guessContentType(body string) string {
	switch t := strings.TrimSpace(body); {
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		return "application/json"
	case strings.HasPrefix(t, "<"):
		return "text/html; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// dropConnection closes the client connection without an answer. If the
// writer cannot be hijacked (HTTP/2, a recorder), aborting the handler is
// the closest net/http offers: the server resets the stream silently.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
