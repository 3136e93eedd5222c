//go:build linux

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestScenariosRun runs every scenario of the load command, small, against
// the real bot binary, so the command keeps working; the figures it prints
// are not checked (tests do not assert on time).
func TestScenariosRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bot; slow")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := buildBot(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	small := []string{"-bot", bin, "-tmp", t.TempDir(), "-warmup", "300ms", "-duration", "700ms", "-users", "5"}
	for _, tc := range []struct {
		scenario string
		args     []string
		want     []string
	}{
		{"idle", []string{"-subscribers", "300", "-staff", "50", "-starts", "2", "-settle", "100ms"}, []string{"start ", "idle memory"}},
		{"closed", nil, []string{"updates/s", "reply latency  p50"}},
		{"open", []string{"-rates", "50,100"}, []string{"offered    50/s", "offered   100/s"}},
		{"flow", nil, []string{"flows/s", "0 failed"}},
		{"outbox", []string{"-messages", "200"}, []string{"delivered      200 in"}},
		{"broadcast", []string{"-recipients", "30", "-ceiling", "30", "-interactive", "2", "-think", "200ms"},
			[]string{"delivered      30 of 30", "refused by the fake", "interactive    p50"}},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			var out, errs bytes.Buffer
			args := append(append([]string{"-scenario", tc.scenario}, small...), tc.args...)
			if err := run(ctx, args, &out, &errs); err != nil {
				t.Fatalf("run %v: %v\n%s%s", args, err, out.String(), errs.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestCountWindows checks the per-second counting the broadcast figures
// rest on.
func TestCountWindows(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)
	var ts []time.Time
	for i := 0; i < 90; i++ { // 30 per second for 3 seconds, evenly
		ts = append(ts, t0.Add(time.Duration(i)*time.Second/30))
	}
	w := countWindows(ts)
	if w.n != 90 || w.sliding != 30 || w.fixedMax != 30 || w.fixedMin != 30 {
		t.Errorf("even 30/s: %+v; want 30 in every window", w)
	}
	if w.rate < 29.9 || w.rate > 30.1 {
		t.Errorf("even 30/s: rate %.2f", w.rate)
	}
	// One extra send bunched in: 31 in some sliding second.
	ts = append(ts[:45:45], append([]time.Time{ts[44].Add(time.Millisecond)}, ts[45:]...)...)
	if w := countWindows(ts); w.sliding != 31 {
		t.Errorf("with one extra send: sliding max %d, want 31", w.sliding)
	}
}
