package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// roundSpec is what one round of a latency needs: the round's number, the floor provider's
// environment, the HTTP floor's (nil without -http-floor) and the fake of each server shape
// beside its results.
type roundSpec struct {
	lat          time.Duration
	r, runs      int
	floorEnv     []string
	httpFloorEnv func(copyIndex int) ([]string, *fakexray.Server, error)
	fakes        []*fakexray.Server
	results      []*latencyResult
}

// A slot is one kind's run in a round. Its working directory lives from the kind's apply to
// its destroy, so that the phases of all kinds can interleave: phase runs phase i there, checks
// and records it, and returns its wall time.
type slot struct {
	config string
	phase  func(ctx context.Context, dir string, i int) (time.Duration, error)
	// paired records the run's wall time over the reference runs beside it (pairedRatio): set
	// for the server shapes and the control, nil for the kinds no target reads.
	paired func(i int, ratio float64)
}

// roundRecord gathers a round's runs of the kinds every server shape shares, by phase.
type roundRecord struct {
	data                           []time.Duration
	floor, floorCPU, http, httpCPU [][]time.Duration // one per copy
	control                        []float64         // the control copy over the references beside it
	referenceName                  string
}

// round runs every kind once through the three phases, one phase at a time: in each phase,
// the kinds run in the order drawn for the round (shuffled), with a run of the reference (the
// kind the latency's targets compare with: the HTTP floor below httpFloorBelow, the floor from
// it) before every two of them and after the last (pairedOrder). One more copy of the reference
// runs among the others as the control, paired like a server shape: its ratio is what chance
// alone gives.
//
// Why: on this kind of machine a run's wall time moves by about 10% with the machine's state,
// which changes over seconds, not minutes. The three phases of one run, a few seconds apart,
// moved together (correlation 0.76 to 0.89 over 132 runs at 0bc3a84), while runs a minute apart
// did not. A ratio to the reference runs right beside a run cancels that; a ratio to a median
// over the whole round did not.
func (b *bench) round(ctx context.Context, rs roundSpec) error {
	n := len(phases)
	rec := &roundRecord{data: make([]time.Duration, n), control: make([]float64, n),
		floor: make([][]time.Duration, n), floorCPU: make([][]time.Duration, n),
		http: make([][]time.Duration, n), httpCPU: make([][]time.Duration, n),
		referenceName: referenceKind(rs.lat, rs.httpFloorEnv != nil)}
	refIsHTTP := rec.referenceName == referenceHTTPFloor
	httpCopies := 0
	floorSlot := func() slot {
		return slot{config: xrayConfig(b.opts.N), phase: func(ctx context.Context, dir string, i int) (time.Duration, error) {
			wall, cpu, err := b.phaseIn(ctx, dir, rs.floorEnv, i)
			if err != nil {
				return 0, err
			}
			rec.floor[i], rec.floorCPU[i] = append(rec.floor[i], wall), append(rec.floorCPU[i], cpu)
			return wall, nil
		}}
	}
	httpSlot := func() (slot, error) {
		env, fake, err := rs.httpFloorEnv(httpCopies)
		httpCopies++
		return slot{config: xrayConfig(b.opts.N), phase: func(ctx context.Context, dir string, i int) (time.Duration, error) {
			if i == 0 {
				fake.ResetRequests()
			}
			wall, cpu, err := b.phaseIn(ctx, dir, env, i)
			if err != nil {
				return 0, err
			}
			rec.http[i], rec.httpCPU[i] = append(rec.http[i], wall), append(rec.httpCPU[i], cpu)
			if i == n-1 {
				return wall, checkHTTPFloor(fake)
			}
			return wall, nil
		}}, err
	}
	reference := func() (slot, error) {
		if refIsHTTP {
			return httpSlot()
		}
		return floorSlot(), nil
	}

	// The others: terraform_data, the kind that is not the reference, the control and the
	// server shapes.
	others := []slot{{config: dataConfig(b.opts.N), phase: func(ctx context.Context, dir string, i int) (time.Duration, error) {
		wall, _, err := b.phaseIn(ctx, dir, b.dataEnv, i)
		rec.data[i] = wall
		return wall, err
	}}}
	switch {
	case refIsHTTP:
		others = append(others, floorSlot())
	case rs.httpFloorEnv != nil:
		s, err := httpSlot()
		if err != nil {
			return err
		}
		others = append(others, s)
	}
	control, err := reference()
	if err != nil {
		return err
	}
	control.paired = func(i int, ratio float64) { rec.control[i] = ratio }
	others = append(others, control)
	for si, lr := range rs.results {
		others = append(others, slot{config: xrayConfig(b.opts.N),
			phase: func(ctx context.Context, dir string, i int) (time.Duration, error) {
				return b.xrayPhase(ctx, rs.fakes[si], lr, dir, rs.r, i)
			},
			paired: func(i int, ratio float64) { lr.Phases[i].Paired = append(lr.Phases[i].Paired, ratio) },
		})
	}
	refs := make([]slot, refsFor(len(others)))
	for k := range refs {
		if refs[k], err = reference(); err != nil {
			return err
		}
	}
	order, isRef := pairedOrder(shuffled(others, rs.r), refs)

	root := filepath.Join(b.tmp, "round")
	defer os.RemoveAll(root)
	dirs := make([]string, len(order))
	for k, s := range order {
		dirs[k] = filepath.Join(root, fmt.Sprint(k))
		if err := newWorkDir(dirs[k], s.config); err != nil {
			return err
		}
	}
	for i := range phases {
		walls := make([]time.Duration, len(order))
		for k, s := range order {
			if walls[k], err = s.phase(ctx, dirs[k], i); err != nil {
				return err
			}
		}
		for k, s := range order {
			if s.paired != nil {
				s.paired(i, pairedRatio(walls, isRef, k))
			}
		}
	}

	for _, lr := range rs.results {
		for i, pr := range lr.Phases {
			pr.Data = append(pr.Data, rec.data[i])
			pr.Floor, pr.FloorCPU = append(pr.Floor, rec.floor[i]...), append(pr.FloorCPU, rec.floorCPU[i]...)
			pr.HTTPFloor, pr.HTTPFloorCPU = append(pr.HTTPFloor, rec.http[i]...), append(pr.HTTPFloorCPU, rec.httpCPU[i]...)
			pr.Control = append(pr.Control, rec.control[i])
		}
		b.logf("    run %d/%d, %s: %s", rs.r, rs.runs, lr.shape(), shapeSummary(lr, rec.referenceName))
	}
	b.logf("    run %d/%d, %s", rs.r, rs.runs, rec.summary())
	return nil
}

// phaseIn runs phase i in dir with env, and returns its wall time and the CPU time of its
// provider processes (none for terraform_data).
func (b *bench) phaseIn(ctx context.Context, dir string, env []string, i int) (wall, cpu time.Duration, err error) {
	usageFile := filepath.Join(b.tmp, fmt.Sprintf("usage-%d", i))
	_ = os.Remove(usageFile)
	d, err := b.tf.run(ctx, dir, withEnv(env, envWrapOut+"="+usageFile), b.tfArgs(phases[i].Args)...)
	if err != nil {
		return 0, 0, err
	}
	u, err := readUsage(usageFile)
	if err != nil {
		return 0, 0, err
	}
	return d, u.CPU, nil
}

// xrayPhase runs phase i with the real provider against fake in dir, recording its time,
// request counts (checked against the phase's budget), CPU and peak RSS in lr.
func (b *bench) xrayPhase(ctx context.Context, fake *fakexray.Server, lr *latencyResult, dir string, r, i int) (time.Duration, error) {
	o := b.opts
	ph, pr := phases[i], lr.Phases[i]
	xenv := withEnv(b.xrayEnv, "JFROG_URL="+fake.URL(), "JFROG_ACCESS_TOKEN="+fake.AdminToken())
	rssFile := filepath.Join(b.tmp, fmt.Sprintf("rss-%s-%s-%s-%d-%s", lr.Latency, lr.Style, lr.Router, r, ph.Name))
	fake.ResetRequests()
	d, err := b.tf.run(ctx, dir, withEnv(xenv, envWrapOut+"="+rssFile), b.tfArgs(ph.Args)...)
	if err != nil {
		return 0, err
	}
	counts := fake.RequestCounts()
	pr.Xray = append(pr.Xray, d)
	addCounts(pr.Counts, counts)
	for _, p := range checkCounts(counts, ph.Expected, ph.Extra, o.N) {
		pr.Problems = append(pr.Problems, fmt.Sprintf("run %d: %s", r, p))
	}
	u, err := readUsage(rssFile)
	if err != nil {
		return 0, err
	}
	if u.Processes == 0 {
		pr.Problems = append(pr.Problems, fmt.Sprintf("run %d: no provider process reported its RSS", r))
	}
	pr.PeakRSSKiB, pr.Processes = max(pr.PeakRSSKiB, u.MaxKiB), pr.Processes+u.Processes
	pr.XrayCPU = append(pr.XrayCPU, u.CPU)
	return d, checkHeld(fake, ph.Name, o.N)
}

// shapeSummary is a server shape's latest run: each phase's time and its ratio to the
// reference runs beside it.
func shapeSummary(lr *latencyResult, reference string) string {
	parts := make([]string, 0, len(lr.Phases))
	for _, pr := range lr.Phases {
		parts = append(parts, fmt.Sprintf("%s %s (%.3f of the %s beside it)", pr.Name, seconds(pr.Xray[len(pr.Xray)-1]), pr.Paired[len(pr.Paired)-1], reference))
	}
	return strings.Join(parts, ", ")
}

// summary is the round's shared kinds: the reference's median over its copies, the control's
// ratio, the floor (when it is not the reference) and terraform_data, by phase.
func (rec *roundRecord) summary() string {
	refs := rec.floor
	if rec.referenceName == referenceHTTPFloor {
		refs = rec.http
	}
	parts := make([]string, 0, len(rec.data))
	for i, ph := range phases {
		part := fmt.Sprintf("%s: %s %s (median of %d), control %.3f", ph.Name, rec.referenceName, seconds(median(refs[i])), len(refs[i]), rec.control[i])
		if rec.referenceName != referenceFloor && len(rec.floor[i]) > 0 {
			part += ", floor " + seconds(median(rec.floor[i]))
		}
		parts = append(parts, part+", terraform_data "+seconds(rec.data[i]))
	}
	return strings.Join(parts, "; ")
}
