package xray

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
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

func (f flavour) other() flavour {
	if f == documented {
		return observed
	}
	return documented
}

// flavourMemo remembers which flavour a server speaks once its answers have shown it. The zero
// value knows nothing.
type flavourMemo struct {
	v atomic.Int32

	// probing is closed when the discovery probe in flight ends; nil when none is.
	mu      sync.Mutex
	probing chan struct{}
}

func (m *flavourMemo) get() flavour       { return flavour(m.v.Load()) }
func (m *flavourMemo) remember(f flavour) { m.v.Store(int32(f)) }

// onRoute calls the flavour memo knows, or discovers it. The rule: a 404 means "no such
// integration" only from a route known to exist on this server. Until one is known, a 404 of
// any shape or a 405 may just as well mean "no such route", so the other flavour is tried
// before anything is concluded:
//   - a 2xx proves its route;
//   - when one route answers with Xray's own not-found and the other in any other shape, the
//     first is Xray's handler and the second a router's answer: the integration is gone;
//   - when neither answers in Xray's shape, the server has neither route;
//   - when both answer in Xray's shape, the server answers unknown routes like a missing
//     integration. An Xray with the Jira API has one of the two routes, so then both say the
//     integration is gone; the version decides whether it has the API at all.
//
// hint is the flavour to try first (the other memo's, when known). First attempts do not queue
// behind one another: Terraform refreshes resources in parallel, and queueing would cost every
// waiting resource a round trip. Only the probe of the second flavour is shared: calls whose
// first attempt found nothing wait for the probe in flight and use what it learnt, so N
// parallel checks of new names cost N+1 requests, not 2N.
//
// eager is for calls that expect nothing to be there (the plan's check of a new name): the call
// that starts the discovery asks both flavours at once, so it costs one round trip, not two.
func (c *Client) onRoute(ctx context.Context, m *flavourMemo, hint flavour, eager bool, call func(flavour) error) error {
	if f := m.get(); f != unknownFlavour {
		return onKnownRoute(call(f))
	}
	first := observed
	if hint != unknownFlavour {
		first = hint
	}
	var early chan error // the second flavour's answer, asked at once by an eager prober
	if eager {
		if done := m.claim(); done != nil {
			defer m.release(done)
			early = make(chan error, 1)
			go func() { early <- call(first.other()) }()
		}
	}
	a1, settled, err1 := attempt(m, first, call)
	if early != nil {
		err2 := <-early
		if settled {
			return err1
		}
		return c.conclude(ctx, m, first, err1, a1, err2)
	}
	if settled {
		return err1
	}
	for {
		switch f := m.get(); f {
		case first:
			return onKnownRoute(err1)
		case first.other():
			return onKnownRoute(call(f))
		}
		m.mu.Lock()
		wait := m.probing
		m.mu.Unlock()
		if wait != nil {
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return fmt.Errorf("%w (cancelled while another request was finding the server's route)", ctx.Err())
			}
		}
		done := m.claim()
		if done == nil {
			continue // another call claimed the probe first: wait for it
		}
		err := c.conclude(ctx, m, first, err1, a1, call(first.other()))
		m.release(done)
		return err
	}
}

// claim makes the caller the one discovery probe in flight, or returns nil when there is one.
func (m *flavourMemo) claim() chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.probing != nil {
		return nil
	}
	m.probing = make(chan struct{})
	return m.probing
}

// release ends the probe that claim started and wakes the calls waiting for it.
func (m *flavourMemo) release(done chan struct{}) {
	m.mu.Lock()
	m.probing = nil
	m.mu.Unlock()
	close(done)
}

// attempt calls f's route. settled means its answer decides the call: a 2xx, which proves the
// route and is remembered, or an error other than a 404 or 405. Otherwise absent is that answer.
func attempt(m *flavourMemo, f flavour, call func(flavour) error) (absent *APIError, settled bool, err error) {
	err = call(f)
	a, ok := absentAnswer(err)
	if !ok {
		if err == nil {
			m.remember(f)
		}
		return nil, true, err
	}
	return a, false, err
}

// onKnownRoute applies the rule for a route known to exist: Xray's own 404 means gone.
func onKnownRoute(err error) error {
	if a, ok := absentAnswer(err); ok && a.xrayNotFound() {
		a.verdict = ErrNotFound
	}
	return err
}

// conclude decides from the first flavour's answer, which found nothing, and err2, the
// second flavour's.
func (c *Client) conclude(ctx context.Context, m *flavourMemo, first flavour, err1 error, a1 *APIError, err2 error) error {
	second := first.other()
	a2, ok := absentAnswer(err2)
	if !ok {
		if err2 == nil {
			m.remember(second)
		}
		return err2
	}
	switch {
	case a1.xrayNotFound() && !a2.xrayNotFound():
		m.remember(first)
		a1.verdict = ErrNotFound
		return err1
	case a2.xrayNotFound() && !a1.xrayNotFound():
		m.remember(second)
		a2.verdict = ErrNotFound
		return err2
	case !a1.xrayNotFound() && !a2.xrayNotFound():
		a1.verdict = ErrRouteMissing
		return err1
	}
	v, err := c.xrayVersion(ctx)
	if err != nil {
		return &UndecidedError{Cause: err1, VersionErr: err}
	}
	if versionLess(v.XrayVersion, MinVersionJira) {
		a1.verdict = ErrRouteMissing
	} else {
		a1.verdict = ErrNotFound
	}
	return err1
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
		"could not be read (%v), so it is not known whether the integration was deleted or the provider's url "+
		"does not point at an Xray. Check url; the integration is kept in the state until this is known",
		e.Cause, e.VersionErr)
}

func (e *UndecidedError) Unwrap() error { return e.Cause }
