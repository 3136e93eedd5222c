package handlers

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// Benchmarks of the hot path for regression tracking (the end-to-end
// figures come from cmd/dttsbot-bench, docs/BENCHMARKS.md):
//
//	go test -run XXX -bench . -benchmem ./handlers ./storage

// benchRouter is the router as `dttsbot run` wires it, on a database in a
// temporary folder.
func benchRouter(b *testing.B) *bot.Router {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	p := plan.Default()
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		b.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	g := Glue{DB: db}
	r := bot.NewRouter(g, g, RouterMessages(), log)
	Register(r, &Deps{DB: db, Plan: p, Log: log, Loc: loc, InviteTTL: 7 * 24 * time.Hour, BotUsername: "bench_bot"})
	return r
}

// benchUsers is how many users the benchmarks spread their updates over.
const benchUsers = 100

func benchUpdate(user int, key int64, text, choice string) bot.Update {
	id := strconv.Itoa(1000 + user)
	return bot.Update{Channel: "telegram", Key: strconv.FormatInt(key, 10), ChatID: id, UserID: id, UserName: "Người dùng " + id,
		Text: text, Choice: choice, Time: time.Now()}
}

// BenchmarkHandleUpdate handles /help from 100 known users on 16
// goroutines, as the dispatcher's lanes do: resolve the user, load the
// conversation, route, and commit the reply with the handled mark.
func BenchmarkHandleUpdate(b *testing.B) {
	r := benchRouter(b)
	ctx := context.Background()
	var key atomic.Int64
	for u := 0; u < benchUsers; u++ {
		if err := r.HandleUpdate(ctx, benchUpdate(u, key.Add(1), "/help", "")); err != nil {
			b.Fatal(err)
		}
	}
	b.SetParallelism(8) // 16 goroutines on 2 CPUs, like limits.workers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k := key.Add(1)
			if err := r.HandleUpdate(ctx, benchUpdate(int(k%benchUsers), k, "/help", "")); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkConversation runs the three steps of /dangky (command, button,
// typed answer: consent and village saved) per iteration, users in parallel.
func BenchmarkConversation(b *testing.B) {
	r := benchRouter(b)
	ctx := context.Background()
	var key, user atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		u := int(user.Add(1)) // one user per goroutine: its steps stay in order
		for pb.Next() {
			if err := r.HandleUpdate(ctx, benchUpdate(u, key.Add(1), "/dangky", "")); err != nil {
				b.Error(err)
				return
			}
			// The consent prompt is the conversation's first: token "1".
			if err := r.HandleUpdate(ctx, benchUpdate(u, key.Add(1), "", bot.CallbackData("1", "yes"))); err != nil {
				b.Error(err)
				return
			}
			if err := r.HandleUpdate(ctx, benchUpdate(u, key.Add(1), "1", "")); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
