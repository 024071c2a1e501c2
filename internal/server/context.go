package server

import (
	"context"
	"sync/atomic"
	"time"
)

// releasableContext forwards to a parent context until release, and afterwards holds nothing
// of it but its Done channel. Whoever keeps a releasableContext (or a context derived from it)
// past release then keeps a few bytes rather than the parent's whole chain of values.
//
// After release, Value returns nil and Deadline reports none: the request is over, and its
// loggers and other values are gone. Done stays the parent's channel, so it is the same channel
// before and after release, as the context contract requires; Err is non-nil once it is closed.
type releasableContext struct {
	parent atomic.Pointer[context.Context] // nil once released
	done   <-chan struct{}
}

var _ context.Context = (*releasableContext)(nil)

func newReleasableContext(parent context.Context) *releasableContext {
	c := &releasableContext{done: parent.Done()}
	c.parent.Store(&parent)
	return c
}

// release drops the reference to the parent. It is safe to call while other goroutines use c.
func (c *releasableContext) release() { c.parent.Store(nil) }

func (c *releasableContext) Deadline() (time.Time, bool) {
	if p := c.parent.Load(); p != nil {
		return (*p).Deadline()
	}
	return time.Time{}, false
}

func (c *releasableContext) Done() <-chan struct{} { return c.done }

func (c *releasableContext) Err() error {
	if p := c.parent.Load(); p != nil {
		return (*p).Err()
	}
	if c.done == nil {
		return nil
	}
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func (c *releasableContext) Value(key any) any {
	if p := c.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}
