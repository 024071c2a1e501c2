package xray

import (
	"errors"
	"sync/atomic"
)

// flavour is one of the two path styles for read and update (see DESIGN.md): the one observed on a
// live server, and the one JFrog documents.
type flavour int32

const (
	observed flavour = iota
	documented
)

// flavourMemo remembers which flavour a server speaks, once its answers have shown it.
type flavourMemo struct {
	known atomic.Bool
	value atomic.Int32
}

// try calls the remembered flavour, or, while none is known, the observed one and then, if that
// route does not exist on the server, the documented one. So a steady state costs one request.
//
// Calls that start before the flavour is known probe concurrently rather than queue behind
// one probe: Terraform refreshes resources in parallel, and queueing would cost every waiting
// resource a round trip on the common (observed) servers. The price is one extra request per
// such call on a documented-only server, once per client.
func (m *flavourMemo) try(call func(flavour) error) error {
	if m.known.Load() {
		return call(flavour(m.value.Load()))
	}
	err := call(observed)
	if err == nil {
		m.remember(observed)
		return nil
	}
	if !errors.Is(err, ErrRouteMissing) {
		// Xray's own not-found proves nothing about the route: a server may route unknown
		// paths to a JSON not-found too. Decide on the next answer.
		return err
	}
	err = call(documented)
	if err == nil || errors.Is(err, ErrNotFound) {
		m.remember(documented)
	}
	return err
}

func (m *flavourMemo) remember(f flavour) {
	m.value.Store(int32(f))
	m.known.Store(true)
}
