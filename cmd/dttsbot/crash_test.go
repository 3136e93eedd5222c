package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/storage"
)

// TestCrashLosesNothing builds the bot, runs it as a child process against
// the fake Bot API, feeds it 1,000 updates from 500 users (each sends /help,
// then /start) and kills it with SIGKILL twice at random moments, restarting
// it each time. In the end every update has its reply; an update is never
// handled twice (exactly one outbox row per update); an outbound message may
// repeat only if it was in flight at a kill (SPEC §9), at most
// kills × send_concurrency of them.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the bot and kills it; skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "dttsbot")
	if out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	f := tgfake.New(e2eToken)
	defer f.Close()
	const users, concurrency, kills = 500, 8, 2
	cfg := botConfig(t, dir, f, "", "")
	var logs []string
	start := func() *exec.Cmd {
		path := filepath.Join(dir, fmt.Sprintf("run%d.log", len(logs)+1))
		logs = append(logs, path)
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		cmd := exec.Command(bin, "-config", cfg, "run")
		cmd.Env = append(os.Environ(), "DTTSBOT_TELEGRAM_TOKEN="+e2eToken)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)

	cmd := start()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	go func() {
		for i := 0; i < 2*users; i++ {
			u := tgfake.User{ID: int64(50001 + i%users), FirstName: "Người dùng", LastName: strconv.Itoa(i % users)}
			text := "/help"
			if i >= users {
				text = "/start"
			}
			f.SendText(tgfake.PrivateChat(u), u, text)
			if i%50 == 49 {
				time.Sleep(20 * time.Millisecond)
			}
		}
	}()
	delivered := func() int { return f.Count("sendMessage", 200) }
	threshold := 0
	for k := 0; k < kills; k++ {
		threshold += 100 + rng.IntN(300)
		if !f.WaitUntil(60*time.Second, func() bool { return delivered() >= threshold }) {
			t.Fatalf("kill %d: only %d replies delivered, waiting for %d", k+1, delivered(), threshold)
		}
		time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		t.Logf("kill %d after %d replies delivered", k+1, delivered())
		cmd = start()
	}

	replies := func(chat int64) (help, start int) {
		for _, m := range f.BotMessages(chat) {
			switch {
			case strings.HasPrefix(m.Text, "Các lệnh bạn có thể dùng:"):
				help++
			case strings.HasPrefix(m.Text, "Xin chào!"):
				start++
			}
		}
		return help, start
	}
	complete := func() bool {
		for i := 0; i < users; i++ {
			if h, s := replies(int64(50001 + i)); h == 0 || s == 0 {
				return false
			}
		}
		return true
	}
	f.WaitUntil(90*time.Second, complete)
	// Let any resend settle, then stop the bot gracefully.
	for last := -1; last != f.Count("sendMessage", 0); {
		last = f.Count("sendMessage", 0)
		time.Sleep(500 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("bot did not stop cleanly: %v", err)
	}

	missing, dups := 0, 0
	for i := 0; i < users; i++ {
		h, s := replies(int64(50001 + i))
		for _, n := range []int{h, s} {
			missing += max(0, 1-n)
			dups += max(0, n-1)
		}
	}
	t.Logf("updates %d, replies delivered %d, missing %d, duplicated %d (allowed %d), sendMessage calls %d",
		2*users, delivered(), missing, dups, kills*concurrency, f.Count("sendMessage", 0))
	if missing != 0 {
		t.Errorf("%d updates have no reply", missing)
	}
	if dups > kills*concurrency {
		t.Errorf("%d duplicated replies, more than the %d messages that can be in flight at %d kills", dups, kills*concurrency, kills)
	}

	db, err := storage.Open(context.Background(), filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, handled, err := db.InboundCounts(context.Background(), "telegram")
	if err != nil {
		t.Fatal(err)
	}
	if stored != 2*users || handled != 2*users {
		t.Errorf("inbound: %d stored, %d handled; want %d of each", stored, handled, 2*users)
	}
	perChat, err := db.OutboxPerChat(context.Background(), "telegram")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < users; i++ {
		if n := perChat[strconv.Itoa(50001+i)]; n != 2 {
			t.Errorf("chat %d: %d replies queued for its 2 updates (an update handled %s)", 50001+i, n,
				map[bool]string{true: "twice", false: "never"}[n > 2])
		}
	}
	if n, _ := db.OutboxDepth(context.Background()); n != 0 {
		t.Errorf("%d messages still pending", n)
	}
	for _, path := range logs {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), e2eToken) || strings.Contains(string(b), "E2E-secret") {
			t.Errorf("%s contains the token", path)
		}
	}
}
