package xray

import (
	"context"
	"fmt"
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
type flavourMemo struct{ v atomic.Int32 }

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
// hint is the flavour to try first (the other memo's, when known). Calls that start before the
// flavour is known probe concurrently rather than queue behind one probe: Terraform refreshes
// resources in parallel, and queueing would cost every waiting resource a round trip.
func (c *Client) onRoute(ctx context.Context, m *flavourMemo, hint flavour, call func(flavour) error) error {
	if f := m.get(); f != unknownFlavour {
		err := call(f)
		if a, ok := absentAnswer(err); ok && a.xrayNotFound() {
			a.verdict = ErrNotFound
		}
		return err
	}
	first := observed
	if hint != unknownFlavour {
		first = hint
	}
	err1 := call(first)
	a1, ok := absentAnswer(err1)
	if !ok {
		if err1 == nil {
			m.remember(first)
		}
		return err1
	}
	second := first.other()
	err2 := call(second)
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
