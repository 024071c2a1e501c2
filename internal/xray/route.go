package xray

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// flavour is one of the two path styles for read and update: the one observed on a live server
// (GET .../{name}, PUT .../jira-integrations with the name in the body) and the one JFrog
// documents (GET .../{name}/details, PUT .../{name}). DESIGN.md tells the story.
type flavour int32

const (
	unknownFlavour flavour = iota
	observed
	documented
)

// Route names a path style, for callers that keep which one served an integration (the provider
// keeps it in the resource's private state) and hand it back as a hint with Via.
type Route string

// The two path styles.
const (
	RouteObserved   Route = "observed"
	RouteDocumented Route = "documented"
)

func (f flavour) route() Route {
	switch f {
	case observed:
		return RouteObserved
	case documented:
		return RouteDocumented
	}
	return ""
}

func flavourOf(r Route) flavour {
	switch r {
	case RouteObserved:
		return observed
	case RouteDocumented:
		return documented
	}
	return unknownFlavour
}

// style is what the client has learnt of the server's read and update routes. Once learnt it is
// kept for the client's lifetime; it only ever moves from unknown or either to a proven flavour.
type style int32

const (
	styleUnknown    = style(unknownFlavour)
	styleObserved   = style(observed)   // the observed routes answered: a 404 there means gone
	styleDocumented = style(documented) // likewise for the documented routes
	// styleEither: both routes answer a missing name with Xray's own not-found and the version
	// says the API is there. The server serves both, or answers routes it lacks like a missing
	// integration; which, no answer for a missing name can tell.
	styleEither style = 3
	// styleNone: neither route is there (an Xray older than the API, or a url that is not the
	// platform's).
	styleNone style = 4
)

// routeMemo is the client's knowledge of the server's style, and the one discovery in flight.
type routeMemo struct {
	v         atomic.Int32
	discovery singleflight.Group
	// alike is set when both routes answered a missing name with the same body: most likely one
	// handler behind both, so the observed route is the one to hint for later processes.
	alike atomic.Bool
}

func (m *routeMemo) get() style { return style(m.v.Load()) }

// learn records s. Only unknown moves to anything; either and none move only to a proven
// flavour (a 2xx on a route); a proven flavour never changes.
func (m *routeMemo) learn(s style) {
	proven := s == styleObserved || s == styleDocumented
	for {
		old := m.get()
		if old == s || old == styleObserved || old == styleDocumented || (old != styleUnknown && !proven) {
			return
		}
		if m.v.CompareAndSwap(int32(old), int32(s)) {
			return
		}
	}
}

// routeCall is one call that depends on the path style.
type routeCall struct {
	// probe reads the call's integration on one route. Discovery asks both routes with it.
	probe func(context.Context, flavour) error
	// act is the call itself on one route; nil when the call is the read (probe).
	act func(context.Context, flavour) error
	// hint is the route that served this integration before (Via): tried first, without waiting
	// for a discovery, while the style is unknown.
	hint flavour
	// expectAbsent marks the plan's check of a new name: usually nothing is there, so its
	// discovery asks for the version at the same time as both routes, in one round trip.
	expectAbsent bool
}

func (rc routeCall) call(ctx context.Context, f flavour) error {
	if rc.act != nil {
		return rc.act(ctx, f)
	}
	return rc.probe(ctx, f)
}

// onRoute runs rc on the route the server's style says, learning the style first when it is not
// known, and returns the flavour that answered. The rule behind every branch: a 404 means "no
// such integration" only from a route known to exist; a 2xx proves its route.
//
// While the style is unknown, one call discovers it (probeBoth: both routes at once) and the
// calls that arrive meanwhile wait for that one discovery and no other request, giving way to
// their own cancellation. A discovery that concludes nothing (an error) is not shared further:
// each waiter then asks for itself, so no call queues behind another's.
func (c *Client) onRoute(ctx context.Context, rc routeCall) (flavour, error) {
	if rc.hint != unknownFlavour && c.routes.get() == styleUnknown {
		err := rc.call(ctx, rc.hint)
		if _, absent := absentAnswer(err); !absent {
			if err == nil {
				c.routes.learn(style(rc.hint))
			}
			return rc.hint, err
		}
		// The route that served it before found nothing: learn the style like any other call.
	}
	for {
		switch s := c.routes.get(); s {
		case styleObserved, styleDocumented:
			return flavour(s), onKnownRoute(rc.call(ctx, flavour(s)))
		case styleEither:
			return c.onEitherRoute(ctx, rc)
		case styleNone:
			err := rc.call(ctx, observed)
			if err == nil {
				c.routes.learn(styleObserved) // the server gained the API
				return observed, nil
			}
			if a, ok := absentAnswer(err); ok {
				a.verdict = ErrRouteMissing
			}
			return unknownFlavour, err
		}

		f, err, led := c.discover(ctx, rc)
		if !led {
			if err := ctx.Err(); err != nil {
				return unknownFlavour, fmt.Errorf("cancelled while the server's routes were being found: %w", err)
			}
			if c.routes.get() != styleUnknown {
				continue // another call's discovery concluded: act on what it learnt
			}
			f, err = c.probeBoth(ctx, rc) // it concluded nothing: ask alone rather than queue
		}
		if rc.act == nil || err != nil {
			return f, err // the probes' answers were this read's own
		}
		// An update whose probe found the integration: the style is known now, so act on it.
	}
}

// discover joins the discovery in flight, or starts it with rc's own probes. led says whether
// rc's probes ran, so that f and err are rc's answers.
func (c *Client) discover(ctx context.Context, rc routeCall) (f flavour, err error, led bool) {
	var mine struct {
		f   flavour
		err error
		led bool
	}
	done := c.routes.discovery.DoChan("", func() (any, error) {
		mine.f, mine.err = c.probeBoth(ctx, rc)
		mine.led = true
		return nil, nil
	})
	select {
	case <-done:
		return mine.f, mine.err, mine.led
	case <-ctx.Done():
		return unknownFlavour, ctx.Err(), false
	}
}

// probeBoth asks both routes for rc's integration at once (and, for a check of a new name, the
// version too) and concludes what the server's style is from the two answers.
func (c *Client) probeBoth(ctx context.Context, rc routeCall) (flavour, error) {
	var errs [documented + 1]error
	var wg sync.WaitGroup
	for _, f := range []flavour{observed, documented} {
		wg.Go(func() { errs[f] = rc.probe(ctx, f) })
	}
	if rc.expectAbsent {
		wg.Go(func() { _, _ = c.xrayVersion(ctx) }) // kept, if it answers, for conclude
	}
	wg.Wait()
	return c.conclude(ctx, errs[observed], errs[documented])
}

// conclude decides from each route's answer for the same name, and remembers what it learnt:
//   - a 2xx proves its route;
//   - a failure that is not a 404 or 405 decides nothing;
//   - one route with Xray's own not-found and the other in any other shape: the first is Xray's
//     handler and the second a router, so the integration is gone;
//   - neither in Xray's shape: the server has neither route;
//   - both in Xray's shape: an Xray with the API has one of the routes, so both say the
//     integration is gone, and the version says whether the API is there at all.
func (c *Client) conclude(ctx context.Context, errObserved, errDocumented error) (flavour, error) {
	switch {
	case errObserved == nil:
		c.routes.learn(styleObserved)
		return observed, nil
	case errDocumented == nil:
		c.routes.learn(styleDocumented)
		return documented, nil
	}
	ao, okO := absentAnswer(errObserved)
	ad, okD := absentAnswer(errDocumented)
	switch {
	case !okO:
		return unknownFlavour, errObserved
	case !okD:
		return unknownFlavour, errDocumented
	case ao.xrayNotFound() && !ad.xrayNotFound():
		c.routes.learn(styleObserved)
		ao.verdict = ErrNotFound
		return observed, errObserved
	case ad.xrayNotFound() && !ao.xrayNotFound():
		c.routes.learn(styleDocumented)
		ad.verdict = ErrNotFound
		return documented, errDocumented
	case !ao.xrayNotFound() && !ad.xrayNotFound():
		c.routes.learn(styleNone)
		ao.verdict = ErrRouteMissing
		return unknownFlavour, errObserved
	}
	v, err := c.xrayVersion(ctx)
	if err != nil {
		return unknownFlavour, &UndecidedError{Cause: errObserved, VersionErr: err}
	}
	if versionLess(v.XrayVersion, MinVersionJira) {
		c.routes.learn(styleNone)
		ao.verdict = ErrRouteMissing
	} else {
		c.routes.learn(styleEither)
		c.routes.alike.Store(ao.Message == ad.Message)
		ao.verdict = ErrNotFound
	}
	return unknownFlavour, errObserved
}

// onEitherRoute runs rc on a server whose routes both answer a missing name in Xray's shape. A
// 2xx proves its route. A not-found from one route is enough for the check of a new name (a
// wrong "free" only lets the create report the conflict); anything else asks the other route
// before concluding that the integration is gone, so no integration is dropped from the state
// because the one route asked was the server's stand-in for a route it lacks.
func (c *Client) onEitherRoute(ctx context.Context, rc routeCall) (flavour, error) {
	var err error
	for _, f := range []flavour{observed, documented} {
		err = rc.call(ctx, f)
		if err == nil {
			c.routes.learn(style(f))
			return f, nil
		}
		a, ok := absentAnswer(err)
		if !ok || !a.xrayNotFound() {
			return unknownFlavour, err
		}
		if rc.expectAbsent || f == documented {
			a.verdict = ErrNotFound
		}
		if rc.expectAbsent {
			break
		}
	}
	return unknownFlavour, err
}

// onKnownRoute applies the rule for a route known to exist: Xray's own 404 means gone.
func onKnownRoute(err error) error {
	if a, ok := absentAnswer(err); ok && a.xrayNotFound() {
		a.verdict = ErrNotFound
	}
	return err
}

// RouteHint is the path style to hand back with Via in a later process: the one proven on this
// server, or the observed one where both routes answered a missing name with the same body (a
// server that serves both, most likely); "" when neither. A hint only orders requests: a wrong
// one costs a request, never a wrong answer.
func (c *Client) RouteHint() Route {
	switch s := c.routes.get(); {
	case s == styleObserved || s == styleDocumented:
		return flavour(s).route()
	case s == styleEither && c.routes.alike.Load():
		return RouteObserved
	}
	return ""
}

// CallOption adjusts one call that depends on the path style.
type CallOption func(*routeCall)

// Via names the route that served the integration before, from an earlier process: while the
// style is unknown the call tries it first, without waiting for a discovery. A wrong hint costs a
// request, never a wrong answer.
func Via(r Route) CallOption {
	return func(rc *routeCall) { rc.hint = flavourOf(r) }
}

func newRouteCall(probe func(context.Context, flavour) error, opts []CallOption) routeCall {
	rc := routeCall{probe: probe}
	for _, o := range opts {
		o(&rc)
	}
	return rc
}

// UndecidedError is a 404 from both route flavours, in Xray's own shape, from a server whose
// version could not be read: the integration may be gone, or the URL may not be an Xray's.
// Callers must not treat it as "gone".
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
