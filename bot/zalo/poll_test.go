package zalo

import (
	"testing"
	"time"
)

func TestIdleDelayNeverSpins(t *testing.T) {
	const timeout = 30 * time.Second
	// A platform that ends every idle poll at once: the waits grow.
	var d, total time.Duration
	var got []time.Duration
	calls := 0
	for total < timeout {
		d = idleDelay(d, 0, timeout)
		got = append(got, d)
		total += d
		calls++
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 7500 * time.Millisecond}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("wait %d = %v, want %v", i, got[i], w)
		}
	}
	if calls > 10 {
		t.Errorf("%d idle calls in one long-poll timeout, want a few", calls)
	}
	// After a real long poll the next one starts at once.
	if d := idleDelay(7500*time.Millisecond, timeout, timeout); d != 0 {
		t.Errorf("idleDelay after a full long poll = %v, want 0", d)
	}
}
