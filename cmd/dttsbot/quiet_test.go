package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/storage"
)

// TestBroadcastQuietHours (issue 7): the admin sends an announcement "now"
// at 22:30 in the commune, through the fake Bot API, to 300 subscribers
// (the mix of seedAudience). Quiet hours are the default 21:00–07:00: the
// preview says how many residents are held, the officers get it at once,
// no resident gets anything during the night, and at 07:00 the residents
// get it; in the end the counts are right and nobody else got it.
func TestBroadcastQuietHours(t *testing.T) {
	if testing.Short() {
		t.Skip("a 300-recipient broadcast through the fake Bot API; skipped with -short")
	}
	dir := t.TempDir()
	f := tgfake.New(e2eToken)
	defer f.Close()
	f.StrictChats(true)
	admin := tgfake.User{ID: 100, FirstName: "Trưởng phòng", LastName: "VHXH"}
	f.AddChat(tgfake.PrivateChat(admin))
	aud := seedAudience(t, f, dir+"/bot.db", 500000, 300)
	r := newTgRig(t, f, dir, `admins: ["telegram:100"]
log_level: info
telegram:
  api_endpoint: "`+f.APIEndpoint()+`"
  file_endpoint: "`+f.FileEndpoint()+`"
  poll_timeout: 1
backup:
  dir: `+dir+`/backups
limits:
  telegram_per_second: 0
  telegram_per_chat_per_second: 0
  send_concurrency: 4
`)
	loc := r.a.cfg.loc
	now := time.Now().In(loc)
	night := time.Date(now.Year(), now.Month(), now.Day(), 22, 30, 0, 0, loc)
	r.setClock(night)
	aud.optOutAndErase(t, f)

	const body = "Thông báo: lớp bồi dưỡng kỹ năng số cho cán bộ người dân tộc thiểu số khai giảng ngày 05/10."
	annID, queued, preview := announceNow(t, f, admin, body)
	if queued != aud.queued {
		t.Errorf("the bot queued %d messages, want %d", queued, aud.queued)
	}
	residents := aud.queued - len(aud.officers)
	if want := "Trong đó " + strconv.Itoa(residents) + " người dân đang trong giờ yên tĩnh, sẽ nhận lúc 07:00."; !strings.Contains(preview, want) {
		t.Errorf("the preview does not say %q:\n%s", want, preview)
	}
	if !f.WaitUntil(15*time.Second, func() bool { return len(received(f, aud.officers, body)) == len(aud.officers) }) {
		t.Fatalf("the officers did not get the announcement at night: %v", received(f, aud.officers, body))
	}
	// The sender reads the outbox at least once a second: give it a few
	// rounds, then nothing may have gone to a resident.
	polled := f.Count("", 0)
	f.WaitUntil(3*time.Second, func() bool { return false })
	if n := len(received(f, aud.users, body)); n != len(aud.officers) {
		t.Errorf("at night %d subscribers got the announcement, want only the %d officers", n, len(aud.officers))
	}
	counts, err := r.a.db.OutboxCounts(context.Background(), annID)
	if err != nil {
		t.Fatal(err)
	}
	if counts[storage.OutPending] != residents {
		t.Errorf("at night %d messages pending, want the %d residents' (counts %v)", counts[storage.OutPending], residents, counts)
	}
	t.Logf("night: officers %d served, residents %d held, %d API calls meanwhile", len(aud.officers), residents, f.Count("", 0)-polled)

	r.setClock(night.Add(8*time.Hour + 30*time.Minute + 5*time.Second)) // 07:00:05 the next day
	if !f.WaitUntil(30*time.Second, func() bool { return len(received(f, aud.eligible, body)) == len(aud.eligible) }) {
		t.Errorf("in the morning %d of %d eligible subscribers have it", len(received(f, aud.eligible, body)), len(aud.eligible))
	}
	f.WaitUntil(30*time.Second, func() bool {
		c, _ := r.a.db.OutboxCounts(context.Background(), annID)
		return c[storage.OutPending] == 0
	})
	if repeats := aud.check(t, f, r.a.db, annID, body); repeats != 0 {
		t.Errorf("%d messages repeated without any crash", repeats)
	}
	if !r.running() {
		t.Error("the bot stopped")
	}
}
