package bot

import (
	"testing"
	"time"
)

func TestPollHealth(t *testing.T) {
	var h PollHealth
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if h.Check(now, time.Minute) == nil {
		t.Error("never polled reported healthy")
	}
	h.Polled(now)
	if err := h.Check(now.Add(30*time.Second), time.Minute); err != nil {
		t.Errorf("polled 30 s ago: %v", err)
	}
	if h.Check(now.Add(2*time.Minute), time.Minute) == nil {
		t.Error("no poll for 2 min reported healthy")
	}
	var w PollHealth
	w.Webhook()
	if err := w.Check(now, time.Minute); err != nil {
		t.Errorf("webhook mode: %v", err)
	}
}
