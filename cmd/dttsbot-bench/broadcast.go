//go:build linux

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// announceAll has the office admin publish an announcement to every
// subscriber through the real /thongbao conversation: text, no photo,
// audience all, now, send. It returns when the bot confirmed the queueing.
func announceAll(h *harness, body string) error {
	const timeout = 60 * time.Second
	a := h.chats[adminID]
	a.drain()
	a.send("/thongbao")
	if _, err := a.wait(timeout, ""); err != nil {
		return fmt.Errorf("announce: text prompt: %w", err)
	}
	a.send(body)
	for _, b := range []string{"skip", "all", "now", "ok"} {
		r, err := a.wait(timeout, b)
		if err != nil {
			return fmt.Errorf("announce: button %q: %w", b, err)
		}
		if err := a.press(r.msgID, r.markup); err != nil {
			return fmt.Errorf("announce: press %q: %w", b, err)
		}
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		r, err := a.wait(time.Until(deadline), "")
		if err != nil {
			break
		}
		if strings.Contains(r.markup, "ann.p") {
			return nil
		}
	}
	return fmt.Errorf("announce: no confirmation of the queueing")
}

// recipients keeps the send times of the broadcast's recipients.
func recipients(ss []send, n int) []time.Time {
	var out []time.Time
	for _, s := range ss {
		if s.method == "sendMessage" && s.chat >= firstRecipient && s.chat < firstRecipient+int64(n) {
			out = append(out, s.at)
		}
	}
	return out
}

func times(ss []send) []time.Time {
	out := make([]time.Time, len(ss))
	for i, s := range ss {
		out[i] = s.at
	}
	return out
}

// broadcast: the admin announces to n seeded subscribers at the
// configured ceiling while other users keep sending /help; the fake
// refuses (429) any send over the ceiling in a sliding second, as
// Telegram's flood control would.
func broadcast(ctx context.Context, o *options) error {
	l := productionLimits
	l.PerSecond = o.ceiling
	l.Concurrency, l.Workers = o.concurrency, o.workers
	h, err := newHarness(o, "broadcast", l)
	if err != nil {
		return err
	}
	defer h.close()
	seedStart := time.Now()
	if err := h.seed(ctx, o.recipients, 0); err != nil {
		return err
	}
	seeded := time.Since(seedStart)
	h.fake.SetLimits(tgfake.Limits{PerSecond: int(o.ceiling)})
	users := h.addUsers(1000, o.interactive)
	if _, err := h.start(); err != nil {
		return err
	}
	// Interactive users: /help, wait for the reply, think, again; from
	// before the announcement to the end of its delivery. The replies
	// measured are those to updates sent while the broadcast was going out.
	lat := newLatencies(time.Now(), time.Now().Add(24*time.Hour))
	stop := make(chan struct{})
	var timeouts atomic.Int64
	var wg sync.WaitGroup
	for i, u := range users {
		u.mu.Lock()
		u.lat = lat
		u.mu.Unlock()
		wg.Add(1)
		go func(i int, u *chat) {
			defer wg.Done()
			// Spread the users over the think time.
			select {
			case <-time.After(o.think * time.Duration(i) / time.Duration(len(users))):
			case <-stop:
				return
			}
			for {
				u.send(o.command)
				if _, err := u.wait(30*time.Second, ""); err != nil {
					timeouts.Add(1)
				}
				select {
				case <-time.After(o.think):
				case <-stop:
					return
				}
			}
		}(i, u)
	}
	mark := h.sendCount()
	if err := announceAll(h, "Thông báo tuyển dụng công chức năm 2026: ưu tiên người dân tộc thiểu số. Hạn nộp hồ sơ 30/10/2026."); err != nil {
		close(stop)
		return err
	}
	cpu := startCPU(h.bot)
	limit := time.Duration(float64(o.recipients)/o.ceiling*1.5)*time.Second + time.Minute
	deadline := time.Now().Add(limit)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		if len(recipients(h.sendsSince(mark), o.recipients)) >= o.recipients {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	cpu.stop()
	close(stop)
	wg.Wait()
	mem, _ := h.bot.memory()
	all := h.sendsSince(mark)
	bc := countWindows(recipients(all, o.recipients))
	// Every send of the broadcast's time span, interactive ones included:
	// the ceiling is for all of them together.
	var span []send
	if bc.n > 0 {
		first := recipients(all, o.recipients)[0]
		for _, s := range all {
			if !s.at.Before(first) && !s.at.After(first.Add(bc.span)) {
				span = append(span, s)
			}
		}
	}
	tot := countWindows(times(span))
	var s summary
	if bc.n > 0 {
		first := recipients(all, o.recipients)[0]
		s = lat.within(first, first.Add(bc.span))
	}
	fmt.Fprintf(o.out, "broadcast: %d subscribers (seeded in %s), ceiling %g msg/s, %d users sending %s every %s meanwhile; limits: %s\n",
		o.recipients, seeded.Round(time.Millisecond), o.ceiling, o.interactive, o.command, o.think, h.lim)
	fmt.Fprintf(o.out, "  delivered      %d of %d in %s\n", bc.n, o.recipients, bc.span.Round(time.Millisecond))
	fmt.Fprintf(o.out, "  broadcast      %.2f msg/s = %.1f %% of the ceiling\n", bc.rate, 100*bc.rate/o.ceiling)
	fmt.Fprintf(o.out, "  all messages   %.2f msg/s = %.1f %% of the ceiling (broadcast, replies and keyboard edits: %d)\n",
		tot.rate, 100*tot.rate/o.ceiling, tot.n)
	fmt.Fprintf(o.out, "  per second     max %d in any sliding 1-s window, max %d / min %d in whole seconds; %d refused by the fake (429)\n",
		tot.sliding, tot.fixedMax, tot.fixedMin, h.fake.Over())
	fmt.Fprintf(o.out, "  interactive    %s (%d replies, %d timed out)\n", s, s.n(), timeouts.Load())
	fmt.Fprintf(o.out, "  CPU            %s\n", cpu)
	fmt.Fprintf(o.out, "  bot memory     %s\n", mem)
	if bc.n < o.recipients {
		return fmt.Errorf("broadcast: only %d of %d delivered within %s", bc.n, o.recipients, limit)
	}
	return ctx.Err()
}

// outbox: the admin announces to n seeded subscribers with every sending
// limit lifted; the figure is how fast the outbox empties.
func outbox(ctx context.Context, o *options) error {
	h, err := newHarness(o, "outbox", loadLimits(o))
	if err != nil {
		return err
	}
	defer h.close()
	if err := h.seed(ctx, o.messages, 0); err != nil {
		return err
	}
	if _, err := h.start(); err != nil {
		return err
	}
	mark := h.sendCount()
	if err := announceAll(h, "Thông báo: lớp bồi dưỡng kỹ năng số khai giảng ngày 15/11/2026 tại hội trường xã."); err != nil {
		return err
	}
	cpu := startCPU(h.bot)
	deadline := time.Now().Add(10 * time.Minute)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		if len(recipients(h.sendsSince(mark), o.messages)) >= o.messages {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cpu.stop()
	mem, _ := h.bot.memory()
	w := countWindows(recipients(h.sendsSince(mark), o.messages))
	fmt.Fprintf(o.out, "outbox: announcement to %d subscribers, ceiling lifted; limits: %s\n", o.messages, h.lim)
	fmt.Fprintf(o.out, "  delivered      %d in %s\n", w.n, w.span.Round(time.Millisecond))
	fmt.Fprintf(o.out, "  outbox         %.0f msg/s (first to last send; max %d in a second)\n", w.rate, w.fixedMax)
	fmt.Fprintf(o.out, "  CPU            %s\n", cpu)
	fmt.Fprintf(o.out, "  bot memory     %s\n", mem)
	if w.n < o.messages {
		return fmt.Errorf("outbox: only %d of %d delivered", w.n, o.messages)
	}
	return ctx.Err()
}

// idle: the bot on a database of many subscribers and staff, doing
// nothing; its start time and resident memory.
func idle(ctx context.Context, o *options) error {
	// A fresh install first: the first start creates the schema.
	fresh, err := newHarness(o, "fresh", productionLimits)
	if err != nil {
		return err
	}
	var freshStarts []time.Duration
	d, err := fresh.start()
	if err != nil {
		fresh.close()
		return err
	}
	freshStarts = append(freshStarts, d)
	fresh.close()

	h, err := newHarness(o, "idle", productionLimits)
	if err != nil {
		return err
	}
	defer h.close()
	seedStart := time.Now()
	if err := h.seed(ctx, o.subscribers, o.staff); err != nil {
		return err
	}
	seeded := time.Since(seedStart)
	var starts []time.Duration
	for i := 0; i < o.starts && ctx.Err() == nil; i++ {
		var d time.Duration
		var err error
		if i == 0 {
			d, err = h.start()
		} else {
			d, err = h.restart()
		}
		if err != nil {
			return err
		}
		starts = append(starts, d)
	}
	select {
	case <-time.After(o.settle):
	case <-ctx.Done():
		return ctx.Err()
	}
	mem, err := h.bot.memory()
	if err != nil {
		return err
	}
	slices.Sort(starts)
	fmt.Fprintf(o.out, "idle: %d subscribers and %d staff (seeded in %s); limits: %s\n",
		o.subscribers, o.staff, seeded.Round(time.Millisecond), h.lim)
	fmt.Fprintf(o.out, "  start          %s median of %d starts (min %s, max %s), exec → first getUpdates; fresh database: %s\n",
		ms(starts[len(starts)/2]), len(starts), ms(starts[0]), ms(starts[len(starts)-1]), ms(freshStarts[0]))
	fmt.Fprintf(o.out, "  idle memory    %s, %s after the last start\n", mem, o.settle)
	return nil
}
