package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/dttsbot/dttsbot/storage"
)

// Parser reads the cron specs of config schedules.*: five fields (minute,
// hour, day of month, month, day of week) or a descriptor such as @daily.
var Parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Disabled reports whether a spec turns its job off ("" or "off").
func Disabled(spec string) bool { return spec == "" || spec == "off" }

// keepRuns is how long runs that finished ok stay in job_run.
const keepRuns = 30 * 24 * time.Hour

type entry struct {
	job   Job
	sched cron.Schedule
	mu    sync.Mutex // one run of a job at a time, cron and catch-up alike
}

// Scheduler runs jobs on their cron specs in one time zone. Every run goes
// through the same function: it is recorded in job_run under (job, the time
// it was scheduled for), a run already recorded ok is never repeated, and a
// panic in a job is recorded as its error.
type Scheduler struct {
	// Now is the clock; tests replace it.
	Now func() time.Time
	// AfterRun, when set, is called after each run that returned no error
	// (the program wakes the outbox senders with it).
	AfterRun func(job string)
	// Observe, when set, is told the result ("ok" or "error") of each run
	// (metrics).
	Observe func(job, result string)

	db        *storage.DB
	loc       *time.Location
	log       *slog.Logger
	entries   []*entry
	cron      *cron.Cron
	wg        sync.WaitGroup
	pruneMu   sync.Mutex
	lastPrune time.Time
}

// New builds a scheduler for jobs; a job whose spec is "" or "off" is left
// out. It fails on a spec the parser rejects or a duplicate job name.
func New(db *storage.DB, loc *time.Location, log *slog.Logger, jobs []Job) (*Scheduler, error) {
	s := &Scheduler{Now: time.Now, db: db, loc: loc, log: log}
	seen := map[string]bool{}
	for _, j := range jobs {
		if seen[j.Name] {
			return nil, fmt.Errorf("scheduler: job %q listed twice", j.Name)
		}
		seen[j.Name] = true
		if Disabled(j.Spec) {
			continue
		}
		sched, err := Parser.Parse(j.Spec)
		if err != nil {
			return nil, fmt.Errorf("schedules.%s: %q: %v", j.Name, j.Spec, err)
		}
		s.entries = append(s.entries, &entry{job: j, sched: sched})
	}
	return s, nil
}

// Jobs lists the names of the enabled jobs.
func (s *Scheduler) Jobs() []string {
	var out []string
	for _, e := range s.entries {
		out = append(out, e.job.Name)
	}
	return out
}

// Start catches up missed runs in the background and starts the cron
// clock: each job then fires on its spec, wrapped in recover and skipped
// while its previous run is still going. Jobs run with ctx; Stop ends them.
func (s *Scheduler) Start(ctx context.Context) {
	cl := cronLogger{s.log}
	s.cron = cron.New(cron.WithLocation(s.loc), cron.WithParser(Parser), cron.WithLogger(cl),
		cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)))
	for _, e := range s.entries {
		s.cron.Schedule(e.sched, cron.FuncJob(func() {
			// The run is keyed by the time it was scheduled for: the latest
			// activation not after now.
			if at := Prev(e.sched, s.Now().In(s.loc)); !at.IsZero() {
				s.run(ctx, e, at)
			}
		}))
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if _, err := s.CatchUp(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler catch-up failed", "err", err)
		}
	}()
	s.cron.Start()
}

// Stop stops the cron clock and waits for the runs in progress.
func (s *Scheduler) Stop() {
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
	s.wg.Wait()
}

// CatchUp runs, for each job, its most recent scheduled time before now if
// that run is not recorded as ok — once, however many runs were missed. A
// time before the scheduler first started on this database was not missed
// (a new install does not send last quarter's review). It returns how many
// runs it made.
func (s *Scheduler) CatchUp(ctx context.Context) (int, error) {
	now := s.Now().In(s.loc)
	since, err := s.db.SchedulerSince(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range s.entries {
		at := Prev(e.sched, now)
		if at.IsZero() || at.Before(since) {
			continue
		}
		ran, err := s.run(ctx, e, at)
		if err != nil && ctx.Err() != nil {
			return n, err
		}
		if ran {
			n++
			s.log.Info("caught up missed job run", "job", e.job.Name, "scheduled_for", at)
		}
	}
	return n, nil
}

// RunDue runs, in time order, every occurrence of every job scheduled in
// (from, to]. Tests walk the clock with it instead of the cron clock; runs
// already recorded ok are skipped. It returns the first job error, after
// running the rest.
func (s *Scheduler) RunDue(ctx context.Context, from, to time.Time) error {
	type due struct {
		at time.Time
		e  *entry
	}
	var all []due
	for _, e := range s.entries {
		for t := e.sched.Next(from.In(s.loc)); !t.IsZero() && !t.After(to); t = e.sched.Next(t) {
			all = append(all, due{t, e})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	var first error
	for _, d := range all {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := s.run(ctx, d.e, d.at); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// RunJob runs the named job for the time at, through the same recording as
// the cron clock. ran is false when that run was already recorded ok.
func (s *Scheduler) RunJob(ctx context.Context, name string, at time.Time) (ran bool, err error) {
	for _, e := range s.entries {
		if e.job.Name == name {
			return s.run(ctx, e, at)
		}
	}
	return false, fmt.Errorf("scheduler: no enabled job %q", name)
}

// run is the one run-and-record path.
func (s *Scheduler) run(ctx context.Context, e *entry, at time.Time) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	name := e.job.Name
	start, err := s.db.StartJobRun(ctx, name, at)
	if err != nil {
		s.log.Error("job run not recorded", "job", name, "scheduled_for", at, "err", err)
		return false, err
	}
	if !start {
		return false, nil
	}
	runErr := s.call(ctx, e.job, at)
	if err := s.db.FinishJobRun(context.WithoutCancel(ctx), name, at, runErr); err != nil {
		s.log.Error("job result not recorded", "job", name, "scheduled_for", at, "err", err)
	}
	if s.Observe != nil {
		result := "ok"
		if runErr != nil {
			result = "error"
		}
		s.Observe(name, result)
	}
	if runErr != nil {
		s.log.Error("job failed", "job", name, "scheduled_for", at, "err", runErr)
		return true, fmt.Errorf("job %s at %s: %w", name, at.Format(time.RFC3339), runErr)
	}
	s.log.Debug("job done", "job", name, "scheduled_for", at)
	if s.AfterRun != nil {
		s.AfterRun(name)
	}
	s.prune(ctx)
	return true, nil
}

// call runs a job, turning a panic into an error so it is recorded.
func (s *Scheduler) call(ctx context.Context, j Job, at time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return j.Run(ctx, at)
}

// prune drops old ok runs once a day, so a job that runs every minute does
// not grow job_run without end.
func (s *Scheduler) prune(ctx context.Context) {
	now := s.Now()
	s.pruneMu.Lock()
	if !s.lastPrune.IsZero() && now.Sub(s.lastPrune) < 24*time.Hour {
		s.pruneMu.Unlock()
		return
	}
	s.lastPrune = now
	s.pruneMu.Unlock()
	if _, err := s.db.PruneJobRuns(ctx, now.Add(-keepRuns)); err != nil {
		s.log.Warn("prune job runs failed", "err", err)
	}
}

// Prev is the latest activation of sched not after t (zero if none in the
// last five years).
func Prev(sched cron.Schedule, t time.Time) time.Time {
	for _, back := range []time.Duration{time.Hour, 25 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour,
		93 * 24 * time.Hour, 367 * 24 * time.Hour, 5 * 366 * 24 * time.Hour} {
		var last time.Time
		for n := sched.Next(t.Add(-back)); !n.IsZero() && !n.After(t); n = sched.Next(n) {
			last = n
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}

// cronLogger sends the cron library's log to slog: its chatter at Debug,
// its errors (a recovered panic, a skipped run) at Error.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
