package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job run results recorded in job_run.
const (
	RunRunning = "running"
	RunOK      = "ok"
	RunError   = "error"
)

// JobRun is one recorded run of a scheduled job. ScheduledFor is the time
// the run was scheduled for (the key with Job), not when it started.
type JobRun struct {
	Job          string
	ScheduledFor time.Time
	StartedAt    time.Time
	FinishedAt   time.Time
	Result       string // RunRunning, RunOK or RunError
	Error        string
}

func runKey(at time.Time) string { return at.UTC().Format(time.RFC3339) }

// StartJobRun records that job starts its run scheduled for at. It returns
// false, and records nothing, when that run already finished ok: the caller
// must not run it again. A run recorded as failed or left running (the bot
// stopped during it) is started again.
func (db *DB) StartJobRun(ctx context.Context, job string, at time.Time) (bool, error) {
	start := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var result string
		err := tx.QueryRowContext(ctx, `SELECT result FROM job_run WHERE job = ? AND scheduled_for = ?`, job, runKey(at)).Scan(&result)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO job_run(job, scheduled_for, started_at, result) VALUES (?, ?, ?, 'running')`,
				job, runKey(at), db.stamp())
		case err != nil:
		case result == RunOK:
			return nil
		default:
			_, err = tx.ExecContext(ctx, `UPDATE job_run SET started_at = ?, finished_at = NULL, result = 'running', error = ''
				WHERE job = ? AND scheduled_for = ?`, db.stamp(), job, runKey(at))
		}
		if err != nil {
			return fmt.Errorf("start job run %s at %s: %w", job, runKey(at), translate(err))
		}
		start = true
		return nil
	})
	return start, err
}

// FinishJobRun records the outcome of a run started with StartJobRun: ok
// when runErr is nil, error (with its text) otherwise.
func (db *DB) FinishJobRun(ctx context.Context, job string, at time.Time, runErr error) error {
	result, msg := RunOK, ""
	if runErr != nil {
		result, msg = RunError, runErr.Error()
	}
	res, err := db.w.ExecContext(ctx, `UPDATE job_run SET finished_at = ?, result = ?, error = ? WHERE job = ? AND scheduled_for = ?`,
		db.stamp(), result, msg, job, runKey(at))
	if err != nil {
		return fmt.Errorf("finish job run %s at %s: %w", job, runKey(at), err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("finish job run %s at %s: %w", job, runKey(at), ErrNotFound)
	}
	return nil
}

// JobRuns lists the recorded runs of a job, oldest scheduled time first.
func (db *DB) JobRuns(ctx context.Context, job string) ([]JobRun, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT job, scheduled_for, started_at, finished_at, result, error
		FROM job_run WHERE job = ? ORDER BY scheduled_for, id`, job)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		var r JobRun
		var sched, started, finished sql.NullString
		if err := rows.Scan(&r.Job, &sched, &started, &finished, &r.Result, &r.Error); err != nil {
			return nil, err
		}
		r.ScheduledFor, r.StartedAt, r.FinishedAt = parseTime(sched), parseTime(started), parseTime(finished)
		out = append(out, r)
	}
	return out, rows.Err()
}

// PruneJobRuns deletes the runs that finished ok and were scheduled before
// before; failed runs are kept for the operator. It returns how many went.
func (db *DB) PruneJobRuns(ctx context.Context, before time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM job_run WHERE result = 'ok' AND scheduled_for < ?`, runKey(before))
	if err != nil {
		return 0, fmt.Errorf("prune job runs: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SchedulerSince is when the scheduler first started on this database; the
// first call records now. Runs scheduled before it were never missed (the
// bot was not there yet), so catch-up leaves them alone.
func (db *DB) SchedulerSince(ctx context.Context) (time.Time, error) {
	var s string
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES ('scheduler_since', ?) ON CONFLICT(key) DO NOTHING`,
			runKey(db.now())); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM setting WHERE key = 'scheduler_since'`).Scan(&s)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("scheduler start time: %w", err)
	}
	return time.Parse(time.RFC3339, s)
}
