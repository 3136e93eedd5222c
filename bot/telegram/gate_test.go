package telegram_test

import (
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// A 429 on getUpdates: the next poll waits out its retry_after (it used to
// come after the usual 250–500 ms pause).
func TestPollWaitsOutRetryAfter(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake.Inject(tgfake.Fault{Method: "getUpdates", Code: 429, RetryAfter: 1, Times: 1})
	if !e.fake.WaitUntil(10*time.Second, func() bool { return f.Hits(e.fake) == 1 }) {
		t.Fatal("the 429 never happened")
	}
	u := user(2101, "An")
	if got := e.say(u, "/help", 1); len(got) != 1 {
		t.Fatalf("no answer after the 429")
	}
	if early := e.fake.EarlyRequests(); len(early) != 0 {
		t.Errorf("requests before retry_after passed: %+v", early)
	}
}

// A 429 on the answer to a button press holds the chat for every call:
// the reply to the press (the next step's question) and the keyboard edit
// wait out the retry_after too.
func TestRetryAfterHoldsTheChatForEveryCall(t *testing.T) {
	e := newEnv(t, envOptions{})
	u := user(2201, "Bình")
	consent := e.say(u, "/dangky", 1)[0]
	if len(consent.Buttons()) == 0 {
		t.Fatalf("/dangky answered %q without buttons", consent.Text)
	}
	f := e.fake.Inject(tgfake.Fault{Method: "answerCallbackQuery", Code: 429, RetryAfter: 1, Times: 1})
	if _, err := e.fake.Press(u.ID, u, consent.MessageID, consent.Buttons()[0].CallbackData); err != nil {
		t.Fatal(err)
	}
	e.waitMessages(u.ID, 2)
	// Button answers go through a queue of their own, so the 429 may come
	// after the next question is sent: wait for it, then for the edit.
	if !e.fake.WaitUntil(10*time.Second, func() bool { return f.Hits(e.fake) == 1 }) {
		t.Fatal("the 429 never happened")
	}
	if early := e.fake.EarlyRequests(); len(early) != 0 {
		t.Errorf("requests for the chat before retry_after passed: %+v", early)
	}
}
