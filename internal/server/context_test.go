package server

import (
	"context"
	"errors"
	"testing"
	"time"
)

type testKey struct{}

func TestReleasableContextForwardsUntilReleased(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), testKey{}, "v"), deadline)
	defer cancel()
	c := newReleasableContext(parent)

	if got := c.Value(testKey{}); got != "v" {
		t.Errorf("Value before release = %v, want the parent's value", got)
	}
	if d, ok := c.Deadline(); !ok || !d.Equal(deadline) {
		t.Errorf("Deadline before release = %v, %v, want the parent's", d, ok)
	}
	if c.Err() != nil {
		t.Errorf("Err of a live context = %v, want nil", c.Err())
	}
	done := c.Done()

	c.release()
	if got := c.Value(testKey{}); got != nil {
		t.Errorf("Value after release = %v, want nil", got)
	}
	if _, ok := c.Deadline(); ok {
		t.Error("a released context still reports a deadline")
	}
	if c.Done() != done {
		t.Error("Done changed on release; the context contract wants the same channel")
	}
	if c.Err() != nil {
		t.Errorf("Err after release, parent not done = %v, want nil", c.Err())
	}
	cancel()
	<-c.Done()
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("Err after release, parent done = %v, want context.Canceled", c.Err())
	}
}

func TestReleasableContextPropagatesCancellation(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	c := newReleasableContext(parent)
	child, stopChild := context.WithCancel(c)
	defer stopChild()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived from the releasable context was not cancelled with its parent")
	}
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", c.Err())
	}
}

func TestReleasableContextOfAContextThatNeverEnds(t *testing.T) {
	c := newReleasableContext(context.Background())
	c.release()
	if c.Done() != nil || c.Err() != nil {
		t.Errorf("Done = %v, Err = %v; a context that can never be cancelled has neither", c.Done(), c.Err())
	}
}
