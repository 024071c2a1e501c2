package xray

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Route is a path style for reading and updating an integration. JFrog documents one (GET
// .../{name}/details, PUT .../{name}); live servers were seen serving the other (GET .../{name},
// PUT .../jira-integrations with the name in the body). DESIGN.md tells the story. Callers that
// keep which route served an integration (the provider, in the resource's private state) hand
// it back with Via.
type Route string

// The two path styles.
const (
	RouteObserved   Route = "observed"
	RouteDocumented Route = "documented"
)

// bothRoutes is the order in which routes are tried where the order matters.
var bothRoutes = [...]Route{RouteObserved, RouteDocumented}

// slot is r's index in an array that holds one value per route.
func (r Route) slot() int {
	if r == RouteDocumented {
		return 1
	}
	return 0
}

// knowledge is what the client has learnt of the server's routes. The zero value is "nothing".
type knowledge struct {
	// proven is the route that exists on this server: it answered 2xx, or Xray's own not-found
	// where the other route got a router's.
	proven Route
	// alike: both routes answer a missing name with Xray's own not-found and the version says
	// the API is there. Either the server serves both, or it answers routes it lacks like a
	// missing integration; no answer for a missing name tells which.
	alike bool
	// none: neither route is there (an Xray older than the API, or a URL that is not Xray's).
	none bool
}

func (k knowledge) known() bool { return k.proven != "" || k.alike || k.none }

// routeMemo holds the client's knowledge and the one discovery in flight. Knowledge only grows:
// nothing moves to anything, alike or none move only to a proven route (the server answered a
// 2xx), and a proven route never changes.
type routeMemo struct {
	mu     sync.Mutex
	k      knowledge
	flight chan struct{} // closed when the discovery in flight ends; nil when there is none
	// hint is the first route a caller handed in (Via). The route is the server's, not the
	// object's, so while nothing is known it serves the calls that came without one too.
	hint Route
	// proofTried: a create has read its new integration to prove the route (proveRoute).
	proofTried bool
}

func (m *routeMemo) get() knowledge {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.k
}

// hintFor returns the route to try first for a call that brought hint (maybe ""): its own, or
// else the first hint any call brought.
func (m *routeMemo) hintFor(hint Route) Route {
	m.mu.Lock()
	defer m.mu.Unlock()
	if hint == "" {
		return m.hint
	}
	if m.hint == "" {
		m.hint = hint
	}
	return hint
}

// startProof reports whether the caller is the one create in this client that proves the route
// (proveRoute): only while none is proven, and only once, so that a server that does not show
// a new integration at once costs no more than one try.
func (m *routeMemo) startProof() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.k.proven != "" || m.proofTried {
		return false
	}
	m.proofTried = true
	return true
}

func (m *routeMemo) learn(k knowledge) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.k.proven == "" && (!m.k.known() || k.proven != "") {
		m.k = k
	}
}

// joinOrLead returns the discovery in flight to wait for, or, when there is none, starts one
// that the caller leads (lead) and must end with finish. Once the routes are known it returns a
// closed channel: there is nothing to wait for.
func (m *routeMemo) joinOrLead() (wait <-chan struct{}, lead bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.k.known():
		done := make(chan struct{})
		close(done)
		return done, false
	case m.flight != nil:
		return m.flight, false
	}
	m.flight = make(chan struct{})
	return m.flight, true
}

func (m *routeMemo) finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	close(m.flight)
	m.flight = nil
}

// answer is what one route's answer says, for the rule in conclude.
type answer int

const (
	found        answer = iota // 2xx: the route exists and holds the integration
	xrayAbsent                 // a 404 in Xray's own shape: Xray's handler, or a stand-in for a missing route
	routerAbsent               // any other 404, or a 405: a router without this route
	failed                     // anything else: it decides nothing
)

func classify(err error) answer {
	if err == nil {
		return found
	}
	a, ok := absentAnswer(err)
	switch {
	case !ok:
		return failed
	case a.xrayNotFound():
		return xrayAbsent
	}
	return routerAbsent
}

// routeCall is one call that depends on the route.
type routeCall struct {
	// read reads the call's integration on one route. Discovery asks both routes with it.
	read func(context.Context, Route) error
	// write is an update on one route; nil when the call is the read.
	write func(context.Context, Route) error
	// hint is the route that served this integration before (Via): tried first, without
	// waiting for a discovery, while the routes are unknown.
	hint Route
	// checkFree marks the plan's check of a new name, usually free: its discovery starts the
	// version look-up beside the two reads, and on an alike server one route's not-found will do.
	checkFree bool
	// began is when the call began: a version look-up that failed since then is its answer too,
	// so that no call waits for the version twice (xrayVersion).
	began time.Time
}

func (rc routeCall) call(ctx context.Context, r Route) error {
	if rc.write != nil {
		return rc.write(ctx, r)
	}
	return rc.read(ctx, r)
}

// onRoute runs rc on the route the server has, and returns that route ("" when none answered).
// In order: the hint, while nothing is known; a discovery, while nothing is known (one call
// leads, the others wait for it); then the call on what is known (onKnown).
func (c *Client) onRoute(ctx context.Context, rc routeCall) (Route, error) {
	if r, err, done := c.viaHint(ctx, rc); done {
		return r, err
	}
	if !c.routes.get().known() {
		r, err, mine := c.discover(ctx, rc)
		if mine && (rc.write == nil || err != nil) {
			return r, err // the discovery's reads were this call's own answer
		}
		// Another call's discovery taught the routes, or this update's read found its
		// integration: act on what is known now.
	}
	return c.onKnown(ctx, rc, c.routes.get())
}

// viaHint tries the hinted route while the routes are unknown. A 2xx proves it; a not-found
// there decides nothing (done is false), so the call goes on to a discovery.
//
// A call without a hint of its own borrows the first one another call brought, except the check
// of a new name: there a not-found on the hint would decide nothing and cost a request.
func (c *Client) viaHint(ctx context.Context, rc routeCall) (r Route, err error, done bool) {
	hint := rc.hint
	if !rc.checkFree {
		hint = c.routes.hintFor(rc.hint)
	}
	if hint == "" || c.routes.get().known() {
		return "", nil, false
	}
	err = rc.call(ctx, hint)
	switch classify(err) {
	case found:
		c.routes.learn(knowledge{proven: hint})
		return hint, nil, true
	case failed:
		return "", err, true
	}
	return "", nil, false
}

// discover learns the server's routes. One call leads a discovery with its own reads
// (askBoth); calls that arrive meanwhile wait for it, giving way to their own cancellation,
// and send nothing. A discovery that concludes nothing (a failure) is not shared further: each
// waiter then asks for itself, so that no call queues behind another's. mine says whether r
// and err are this call's own answers.
func (c *Client) discover(ctx context.Context, rc routeCall) (r Route, err error, mine bool) {
	wait, lead := c.routes.joinOrLead()
	if lead {
		defer c.routes.finish()
		r, err = c.askBoth(ctx, rc)
		return r, err, true
	}
	select {
	case <-wait:
	case <-ctx.Done():
		return "", fmt.Errorf("cancelled while the server's routes were being found: %w", ctx.Err()), true
	}
	if c.routes.get().known() {
		return "", nil, false
	}
	r, err = c.askBoth(ctx, rc)
	return r, err, true
}

// askBoth reads rc's integration on both routes at once and concludes from the two answers.
func (c *Client) askBoth(ctx context.Context, rc routeCall) (Route, error) {
	if rc.checkFree {
		// A new name is usually free: when both answers are Xray's own not-found, conclude
		// needs the version, so its look-up starts now. Nothing waits for it here.
		c.prefetchVersion(ctx, rc.began)
	}
	errs := readBoth(ctx, rc.read)
	return c.conclude(ctx, rc.began, errs[0], errs[1])
}

// readBoth sends read to both routes at once and returns their answers, in bothRoutes' order.
func readBoth(ctx context.Context, read func(context.Context, Route) error) [len(bothRoutes)]error {
	var errs [len(bothRoutes)]error
	var wg sync.WaitGroup
	for i, r := range bothRoutes {
		wg.Go(func() { errs[i] = read(ctx, r) })
	}
	wg.Wait()
	return errs
}

// proveRoute reads an integration just created on both routes at once, so that the route that
// answers 2xx is proven and RouteHint names it for the private state of the objects created
// after it. It runs for one create per client, while no route is proven and the create brought
// no hint, in the background: a create that waited for it would hold its slot of Terraform's
// parallelism for one more round trip, which delays an apply of N creates by a whole round where
// N is a multiple of the parallelism. It is detached from the create's cancellation, which ends
// with the create's answer; each read ends within the request timeout and retries. Without it, a
// server whose routes both answer a missing name alike left every object without a route, and
// each later process paid a discovery round for its first calls (BENCHMARKS.md). Its answers
// decide nothing else: a failure only leaves the route unproven.
func (c *Client) proveRoute(ctx context.Context, name string, opts []CallOption) {
	rc := newRouteCall(c.readInto(name, nil), opts)
	if rc.hint != "" || ctx.Err() != nil || !c.routes.startProof() {
		return // a create answered after Ctrl-C starts nothing new
	}
	go func() {
		errs := readBoth(context.WithoutCancel(ctx), rc.read)
		for i, r := range bothRoutes {
			if errs[i] == nil {
				c.routes.learn(knowledge{proven: r})
				return
			}
		}
	}()
}

// conclude is the route rule, the table in DESIGN.md: from the observed and the documented
// route's answers for one name, what the server has and whether the integration is gone.
//
//	either found                     → that route; the integration is there
//	either failed                    → nothing learnt; that failure
//	Xray's not-found beside a router's → the first route; gone
//	a router's not-found on both     → no route; the API is missing
//	Xray's not-found on both         → the version decides: unreadable → undecided;
//	                                   older than the API → no route; else alike, gone
func (c *Client) conclude(ctx context.Context, began time.Time, errObserved, errDocumented error) (Route, error) {
	o, d := classify(errObserved), classify(errDocumented)
	switch {
	case o == found:
		c.routes.learn(knowledge{proven: RouteObserved})
		return RouteObserved, nil
	case d == found:
		c.routes.learn(knowledge{proven: RouteDocumented})
		return RouteDocumented, nil
	case o == failed:
		return "", errObserved
	case d == failed:
		return "", errDocumented
	case o == xrayAbsent && d == routerAbsent:
		c.routes.learn(knowledge{proven: RouteObserved})
		return RouteObserved, gone(errObserved)
	case d == xrayAbsent && o == routerAbsent:
		c.routes.learn(knowledge{proven: RouteDocumented})
		return RouteDocumented, gone(errDocumented)
	case o == routerAbsent && d == routerAbsent:
		c.routes.learn(knowledge{none: true})
		return "", routeMissing(errObserved)
	}
	v, err := c.xrayVersion(ctx, began)
	switch {
	case err != nil:
		return "", &UndecidedError{Cause: errObserved, VersionErr: err}
	case versionLess(v.XrayVersion, MinVersionJira):
		c.routes.learn(knowledge{none: true})
		return "", routeMissing(errObserved)
	}
	c.routes.learn(knowledge{alike: true})
	return "", gone(errObserved)
}

// onKnown runs rc on what is known of the server's routes.
//   - A proven route: its Xray-shaped not-found means gone.
//   - No route: the observed one is tried, in case the server gained the API.
//   - Alike: either route may be a stand-in, so not-found means gone only once both have said
//     it, except for the check of a new name, where a wrong "free" only lets the create report
//     the conflict. No integration is dropped from the state on one stand-in's word.
func (c *Client) onKnown(ctx context.Context, rc routeCall, k knowledge) (Route, error) {
	switch {
	case k.proven != "":
		err := rc.call(ctx, k.proven)
		if classify(err) == xrayAbsent {
			err = gone(err)
		}
		return k.proven, err
	case k.none:
		err := rc.call(ctx, RouteObserved)
		switch classify(err) {
		case found:
			c.routes.learn(knowledge{proven: RouteObserved})
			return RouteObserved, nil
		case xrayAbsent, routerAbsent:
			return "", routeMissing(err)
		}
		return "", err
	}
	var err error
	for _, r := range bothRoutes {
		err = rc.call(ctx, r)
		switch classify(err) {
		case found:
			c.routes.learn(knowledge{proven: r})
			return r, nil
		case xrayAbsent:
			if rc.checkFree {
				return "", gone(err)
			}
			continue
		}
		return "", err
	}
	return "", gone(err)
}

// RouteHint is the route proven on this server, to hand back with Via in a later process, or ""
// when none is proven. Only a proven route is named, so that a hint once kept never needs
// correcting (a change to the private state shows as a change in a refresh-only plan).
func (c *Client) RouteHint() Route {
	return c.routes.get().proven
}

// CallOption adjusts one call that depends on the route.
type CallOption func(*routeCall)

// Via names the route that served the integration before, from an earlier process: while the
// routes are unknown the call tries it first, without waiting for a discovery. A wrong hint
// costs a request, never a wrong answer.
func Via(r Route) CallOption {
	return func(rc *routeCall) {
		if r == RouteObserved || r == RouteDocumented {
			rc.hint = r
		}
	}
}

func newRouteCall(read func(context.Context, Route) error, opts []CallOption) routeCall {
	rc := routeCall{read: read, began: time.Now()}
	for _, o := range opts {
		o(&rc)
	}
	return rc
}

// UndecidedError is a 404 from both routes, in Xray's own shape, from a server whose version
// could not be read: the integration may be gone, or the URL may not be an Xray's. Callers must
// not treat it as "gone".
type UndecidedError struct {
	Cause      error
	VersionErr error
}

func (e *UndecidedError) Error() string {
	return fmt.Sprintf("%v; the other path Xray uses for this answered the same, and the server's Xray version "+
		"could not be read (%v), so it is not known whether the integration exists or the provider's url "+
		"does not point at an Xray. Check url and try again; nothing was changed",
		e.Cause, e.VersionErr)
}

func (e *UndecidedError) Unwrap() error { return e.Cause }
