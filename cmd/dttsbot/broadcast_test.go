package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/storage"
)

// audience is a seeded population of Telegram subscribers, by what must
// happen to each during an announcement.
type audience struct {
	users                              []tgfake.User
	optedOut, erased, blockedKnown     []tgfake.User // get nothing
	blockedNow, gone                   []tgfake.User // queued; refused by Telegram
	officers                           []tgfake.User // not held by quiet hours
	eligible                           []tgfake.User // must get it: queued and deliverable
	queued, blocked, failed, delivered int           // expected outbox counts
}

// seedAudience creates n subscribers (ids from base) in the database at
// path, as /dangky leaves them (person, identity with its chat, consent),
// and makes their chats known to the fake. Of every 100: 4 will opt out
// with /ngung and 3 erase their data with /xoadulieu (the test drives
// both through the bot), 2 blocked the bot long ago (Telegram refuses them
// and the database knows), 2 blocked it since (only Telegram knows: the
// bot learns it from the 403), 1 deleted their account (the chat no longer
// exists: 400 chat not found), 2 are unit officers.
func seedAudience(t *testing.T, f *tgfake.Server, path string, base int64, n int) *audience {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &audience{}
	for i := 0; i < n; i++ {
		u := tgfake.User{ID: base + int64(i), FirstName: "Cư dân", LastName: strconv.Itoa(i)}
		a.users = append(a.users, u)
		chat := strconv.FormatInt(u.ID, 10)
		p, err := db.EnsurePerson(ctx, "telegram", chat, u.FirstName+" "+u.LastName, chat)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.GiveConsent(ctx, p.ID, "2026-07-v1"); err != nil {
			t.Fatal(err)
		}
		switch k := i % 100; {
		case k < 4:
			a.optedOut = append(a.optedOut, u)
		case k < 7:
			a.erased = append(a.erased, u)
		case k < 9:
			a.blockedKnown = append(a.blockedKnown, u)
			if err := db.MarkBlocked(ctx, "telegram", chat); err != nil {
				t.Fatal(err)
			}
			f.Block(u.ID)
		case k < 11:
			a.blockedNow = append(a.blockedNow, u)
			f.Block(u.ID)
		case k < 12:
			a.gone = append(a.gone, u)
			continue // the fake does not know the chat
		case k < 14:
			a.officers = append(a.officers, u)
			a.eligible = append(a.eligible, u)
			if err := db.SetRole(ctx, p.ID, storage.RoleOfficer, 0); err != nil {
				t.Fatal(err)
			}
		default:
			a.eligible = append(a.eligible, u)
		}
		f.AddChat(tgfake.PrivateChat(u))
	}
	a.blocked, a.failed, a.delivered = len(a.blockedNow), len(a.gone), len(a.eligible)
	a.queued = a.delivered + a.blocked + a.failed
	return a
}

// optOutAndErase has the opted-out users send /ngung and the erased ones
// /xoadulieu and confirm, through the bot, and waits for their answers.
func (a *audience) optOutAndErase(t *testing.T, f *tgfake.Server) {
	t.Helper()
	for _, u := range a.optedOut {
		f.SendText(tgfake.PrivateChat(u), u, "/ngung")
	}
	for _, u := range a.erased {
		f.SendText(tgfake.PrivateChat(u), u, "/xoadulieu")
	}
	for _, u := range a.erased {
		waitBot(t, f, u.ID, 1)
		pressChoice(t, f, u, "yes")
	}
	for _, u := range a.optedOut {
		if m := waitBot(t, f, u.ID, 1)[0]; !strings.HasPrefix(m.Text, "Bạn đã ngừng nhận tin") {
			t.Fatalf("/ngung answered %q", m.Text)
		}
	}
	for _, u := range a.erased {
		if m := waitBot(t, f, u.ID, 2)[1]; !strings.HasPrefix(m.Text, "Đã xóa toàn bộ dữ liệu") {
			t.Fatalf("/xoadulieu answered %q", m.Text)
		}
	}
}

var queuedRe = regexp.MustCompile(`thông báo số (\d+): (\d+) tin nhắn`)

// announceNow runs /thongbao as the admin through the fake Bot API: the
// text, no photo, to all subscribers, now, confirmed. It returns the
// announcement's id, how many messages the bot says it queued and the
// preview the admin confirmed.
func announceNow(t *testing.T, f *tgfake.Server, admin tgfake.User, body string) (id int64, n int, preview string) {
	t.Helper()
	if m := say(t, f, admin, "/thongbao"); !strings.Contains(m.Text, "nội dung thông báo") {
		t.Fatalf("/thongbao answered %q", m.Text)
	}
	say(t, f, admin, body)                   // → photo?
	pressChoice(t, f, admin, "skip")         // → audience?
	pressChoice(t, f, admin, "all")          // → when?
	shown := pressChoice(t, f, admin, "now") // the message itself, then the preview
	if shown.Text != body {
		t.Fatalf("preview shows %q, want the announcement", shown.Text)
	}
	msgs := f.BotMessages(admin.ID)
	for len(msgs) == 0 || msgs[len(msgs)-1].Text == body {
		msgs = waitBot(t, f, admin.ID, len(msgs)+1)
	}
	preview = msgs[len(msgs)-1].Text
	queued := pressChoice(t, f, admin, "ok")
	m := queuedRe.FindStringSubmatch(queued.Text)
	if m == nil {
		t.Fatalf("the confirmation says %q", queued.Text)
	}
	id, _ = strconv.ParseInt(m[1], 10, 64)
	n, _ = strconv.Atoi(m[2])
	return id, n, preview
}

// received counts the messages with text body each user got.
func received(f *tgfake.Server, users []tgfake.User, body string) map[int64]int {
	out := map[int64]int{}
	for _, u := range users {
		for _, m := range f.BotMessages(u.ID) {
			if m.Text == body {
				out[u.ID]++
			}
		}
	}
	return out
}

// TestBroadcastSurvivesKill (issue 7): 1,000 subscribers, an admin's
// /thongbao "now" through the fake Bot API, and the bot — a child process —
// killed with SIGKILL three times in the middle of the broadcast and
// restarted. In the end every eligible subscriber has the announcement,
// the opted-out, erased and blocked ones have nothing, the counts of the
// announcement are right (delivered, failed, blocked), and each kill
// repeated at most one message.
//
// Quiet hours are off here (a child process has the real clock); the
// in-process TestBroadcastQuietHours covers them. The rate is raised to
// 150 msg/s to keep the test short; the bound on repeats does not depend on
// it: with limits.send_concurrency 1 at most one message is in flight (sent
// to Telegram, not yet marked sent) when the process dies, so at most one
// per kill can be sent again (SPEC §9). With send_concurrency N the bound
// is N per kill.
func TestBroadcastSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the bot and kills it during a broadcast; skipped with -short")
	}
	dir := t.TempDir()
	f := tgfake.New(e2eToken)
	defer f.Close()
	f.StrictChats(true)
	admin := tgfake.User{ID: 100, FirstName: "Trưởng phòng", LastName: "VHXH"}
	f.AddChat(tgfake.PrivateChat(admin))
	dbPath := filepath.Join(dir, "bot.db")
	aud := seedAudience(t, f, dbPath, 400000, 1000)
	const kills, concurrency = 3, 1
	cfg := writeConfigIn(t, dir, fmt.Sprintf(`database: %s
admins: ["telegram:100"]
log_level: info
telegram:
  api_endpoint: "%s"
  file_endpoint: "%s"
  poll_timeout: 1
outreach:
  quiet_hours: ""
backup:
  dir: %s
limits:
  telegram_per_second: 150
  telegram_per_chat_per_second: 0
  send_concurrency: %d
`, dbPath, f.APIEndpoint(), f.FileEndpoint(), filepath.Join(dir, "backups"), concurrency))
	bot := &childBot{t: t, bin: buildBot(t, dir), cfg: cfg, dir: dir}
	defer bot.cleanup()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)

	bot.start()
	aud.optOutAndErase(t, f)
	body := "Thông báo tuyển dụng công chức người dân tộc thiểu số năm 2026 — hạn nộp hồ sơ 30/9. Mã " + strconv.FormatUint(seed%100000, 10)
	before := f.Count("sendMessage", 200)
	annID, queued, _ := announceNow(t, f, admin, body)
	if queued != aud.queued {
		t.Errorf("the bot queued %d messages, want %d (1,000 minus opted out, erased and known blocked)", queued, aud.queued)
	}
	sent := func() int { return f.Count("sendMessage", 200) - before }
	t0 := time.Now()
	t.Logf("queued at %d sent", sent())
	threshold := 0
	for k := 0; k < kills; k++ {
		threshold += 120 + rng.IntN(150)
		if !f.WaitUntil(60*time.Second, func() bool { return sent() >= threshold }) {
			t.Fatalf("kill %d: only %d messages sent, waiting for %d; log:\n%s", k+1, sent(), threshold, bot.lastLog())
		}
		time.Sleep(time.Duration(rng.IntN(15)) * time.Millisecond)
		bot.kill()
		t.Logf("kill %d after %d messages sent (%v)", k+1, sent(), time.Since(t0).Round(time.Millisecond))
		bot.start()
	}
	done := func() bool {
		got := received(f, aud.eligible, body)
		return len(got) == len(aud.eligible)
	}
	if !f.WaitUntil(90*time.Second, done) {
		t.Errorf("the broadcast did not finish: %d of %d eligible subscribers have it; log:\n%s",
			len(received(f, aud.eligible, body)), len(aud.eligible), bot.lastLog())
	}
	t.Logf("all eligible have it (%v)", time.Since(t0).Round(time.Millisecond))
	// Let the last answers (blocked, failed) be recorded, then stop.
	for last := -1; last != f.Count("", 0); {
		last = f.Count("", 0)
		time.Sleep(700 * time.Millisecond)
	}
	if err := bot.stop(); err != nil {
		t.Errorf("the bot did not stop cleanly: %v", err)
	}

	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	repeats := aud.check(t, f, db, annID, body)
	t.Logf("eligible %d, repeated %d after %d kills (allowed %d: send_concurrency %d), sendMessage 200s %d",
		len(aud.eligible), repeats, kills, kills*concurrency, concurrency, sent())
	if repeats > kills*concurrency {
		t.Errorf("%d messages repeated, more than the %d that can be in flight at %d kills", repeats, kills*concurrency, kills)
	}
}

// check asserts the end of an announcement: every eligible subscriber has
// it, nobody else does, the announcement's outbox counts are right and
// those who blocked the bot since are marked. It returns how many
// messages were repeated.
func (a *audience) check(t *testing.T, f *tgfake.Server, db *storage.DB, annID int64, body string) int {
	t.Helper()
	got := received(f, a.eligible, body)
	missing, repeats := 0, 0
	for _, u := range a.eligible {
		missing += max(0, 1-got[u.ID])
		repeats += max(0, got[u.ID]-1)
	}
	if missing != 0 {
		t.Errorf("%d eligible subscribers never got the announcement", missing)
	}
	for name, group := range map[string][]tgfake.User{"opted-out": a.optedOut, "erased": a.erased,
		"blocked": append(append([]tgfake.User{}, a.blockedKnown...), a.blockedNow...), "gone": a.gone} {
		if n := len(received(f, group, body)); n != 0 {
			t.Errorf("%d %s subscribers received the announcement", n, name)
		}
	}
	ctx := context.Background()
	counts, err := db.OutboxCounts(ctx, annID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{storage.OutSent: a.delivered, storage.OutBlocked: a.blocked, storage.OutFailed: a.failed}
	for state, n := range want {
		if counts[state] != n {
			t.Errorf("announcement %d: %d %s, want %d (counts %v)", annID, counts[state], state, n, counts)
		}
	}
	if counts[storage.OutPending] != 0 {
		t.Errorf("announcement %d: %d messages still pending", annID, counts[storage.OutPending])
	}
	for _, u := range a.blockedNow {
		p, err := db.PersonByIdentity(ctx, "telegram", strconv.FormatInt(u.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		ids, _ := db.Identities(ctx, p.ID)
		if len(ids) != 1 || !ids[0].Blocked {
			t.Errorf("user %d blocked the bot; identity %+v not marked", u.ID, ids)
		}
	}
	return repeats
}
