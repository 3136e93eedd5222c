package zalo_test

import (
	"testing"

	"github.com/dttsbot/dttsbot/bot/zalo/zalofake"
)

// A 429 with Retry-After on getUpdates or deleteWebhook: the next call
// waits it out (it used to come after the backoff alone).
func TestPollingWaitsOutRetryAfter(t *testing.T) {
	fake := newFake(t)
	fake.Fail("deleteWebhook", zalofake.Fault{Status: 429, RetryAfter: 1})
	fake.Fail("getUpdates", zalofake.Fault{Status: 429, RetryAfter: 1})
	a, _ := newAdapter(t, fake, nil)
	in := newInbox()
	run(t, a, in)
	fake.PushText("u1", "Nguyễn Văn A", "/start")
	in.wait(t, 1)
	if early := fake.EarlyRequests(); len(early) != 0 {
		t.Errorf("calls before Retry-After passed: %+v", early)
	}
	if n := len(fake.Requests("getUpdates")); n < 2 {
		t.Errorf("%d getUpdates calls, want the refused one and another", n)
	}
}
