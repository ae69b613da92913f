// Package schedule runs sessionbot's periodic work: a table of named jobs
// run by robfig/cron in the conference's time zone, and the wiring of the
// sync job out of the packages that do its steps (jobs.go).
//
// Every job is a function of now, so tests call it directly with any time and
// never wait for cron.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one named periodic task. Spec is a cron spec in the standard five
// fields or a descriptor (@hourly, @every 30s); Run does the work as of now.
type Job struct {
	Name string
	Spec string
	Run  func(ctx context.Context, now time.Time) error
}

// specParser reads the same specs as cron.ParseStandard, descriptors and
// @every included, so config validation and the table agree.
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Table runs jobs on their schedules. A panicking job is recovered and
// logged; a job still running when its next turn comes is skipped that turn.
type Table struct {
	// Now is the clock scheduled runs take their now from (in the table's
	// zone); nil means time.Now. Set it before Start.
	Now func() time.Time

	cron   *cron.Cron
	loc    *time.Location
	log    *slog.Logger
	ctx    context.Context // the context every run gets; cancelled by Stop
	cancel context.CancelFunc
}

// NewTable builds a table of jobs scheduled in loc (nil means UTC). A job
// with an empty or repeated name, no Run, or an invalid spec is an error
// naming the job; every such problem is reported at once.
func NewTable(loc *time.Location, log *slog.Logger, jobs ...Job) (*Table, error) {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := cron.New(cron.WithLocation(loc), cron.WithParser(specParser), cron.WithLogger(cronLogger{log: log}))
	ctx, cancel := context.WithCancel(context.Background())
	t := &Table{cron: c, loc: loc, log: log, ctx: ctx, cancel: cancel}
	if err := t.add(jobs); err != nil {
		cancel()
		return nil, err
	}
	return t, nil
}

// add validates and schedules the jobs.
func (t *Table) add(jobs []Job) error {
	var errs []error
	seen := map[string]bool{}
	for i, j := range jobs {
		switch {
		case j.Name == "":
			errs = append(errs, fmt.Errorf("schedule: job %d has no name", i+1))
			continue
		case seen[j.Name]:
			errs = append(errs, fmt.Errorf("schedule: job %q appears twice", j.Name))
			continue
		case j.Run == nil:
			errs = append(errs, fmt.Errorf("schedule: job %q has no Run function", j.Name))
			continue
		}
		seen[j.Name] = true
		if _, err := t.cron.AddJob(j.Spec, t.wrap(j)); err != nil {
			errs = append(errs, fmt.Errorf("schedule: job %q: invalid spec %q: %w", j.Name, j.Spec, err))
		}
	}
	return errors.Join(errs...)
}

// wrap adapts a Job to cron: the time cron woke up at becomes now. A run
// still going makes the next one skip; a panic is recovered and logged. Skip
// wraps Recover, not the other way round: a panic unwinding through
// SkipIfStillRunning would keep its token, and the job would never run again.
// Each job gets its own chain so the log lines name it.
func (t *Table) wrap(j Job) cron.Job {
	l := cronLogger{log: t.log.With(slog.String("job", j.Name))}
	run := cron.FuncJob(func() { _ = t.Run(t.ctx, j, t.now().In(t.loc)) })
	return cron.NewChain(cron.SkipIfStillRunning(l), cron.Recover(l)).Then(run)
}

// Run runs one job now, outside its schedule (at start-up, or on an admin's
// request), logging it as the table does, and returns its error.
func (t *Table) Run(ctx context.Context, j Job, now time.Time) error {
	start := time.Now()
	t.log.Debug("job started", slog.String("job", j.Name))
	err := j.Run(ctx, now)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		t.log.Error("job failed", slog.String("job", j.Name), slog.Duration("took", took), slog.Any("error", err))
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	t.log.Debug("job finished", slog.String("job", j.Name), slog.Duration("took", took))
	return nil
}

// now is the time of a scheduled run.
func (t *Table) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// Start begins running the jobs on their schedules, in the background.
func (t *Table) Start() { t.cron.Start() }

// Stop stops scheduling new runs and waits for the running ones to finish.
// When ctx ends first, the running jobs' context is cancelled and Stop
// returns ctx's error without waiting further.
func (t *Table) Stop(ctx context.Context) error {
	done := t.cron.Stop()
	defer t.cancel()
	select {
	case <-done.Done():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("schedule: stop: jobs still running: %w", ctx.Err())
	}
}

// cronLogger routes robfig/cron's logging to slog. Its chatty Info lines
// (wake-ups, next runs) go to Debug, except a skipped run, which matters.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's informational messages.
func (l cronLogger) Info(msg string, kv ...any) {
	level := slog.LevelDebug
	if msg == "skip" {
		level, msg = slog.LevelWarn, "job skipped: previous run still going"
	}
	l.log.Log(context.Background(), level, "cron: "+msg, kv...)
}

// Error logs cron's errors, including recovered panics.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append([]any{slog.Any("error", err)}, kv...)...)
}
