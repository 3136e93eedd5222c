//go:build linux

package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// loadLimits lift the rate limits for the interactive scenarios: with
// telegram_per_chat_per_second at 1, a user's replies would come at most
// once a second and the figure would measure the limiter, not the bot (the
// peers of SPEC §10 have no limiter at all). send_concurrency and workers
// keep their defaults unless -send-concurrency or -workers say otherwise.
func loadLimits(o *options) limits {
	return limits{PerSecond: 0, PerChat: 0, Concurrency: o.concurrency, Workers: o.workers}
}

// closedLoop: users each send a command, wait for the reply, and send
// again at once.
func closedLoop(ctx context.Context, o *options) error {
	h, err := newHarness(o, "closed", loadLimits(o))
	if err != nil {
		return err
	}
	defer h.close()
	users := h.addUsers(1000, o.users)
	if _, err := h.start(); err != nil {
		return err
	}
	from := time.Now().Add(o.warmup)
	to := from.Add(o.duration)
	lat := newLatencies(from, to)
	cpu := measureCPU(h.bot, from, to)
	var timeouts atomic.Int64
	var wg sync.WaitGroup
	for _, u := range users {
		u.mu.Lock()
		u.lat = lat
		u.mu.Unlock()
		wg.Add(1)
		go func(u *chat) {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(to) {
				u.send(o.command)
				if _, err := u.wait(30*time.Second, ""); err != nil {
					timeouts.Add(1)
					return
				}
			}
		}(u)
	}
	wg.Wait()
	mem, _ := h.bot.memory()
	s := lat.summary()
	fmt.Fprintf(o.out, "closed loop: %d users sending %s, %s measured after %s warm-up; limits: %s\n",
		o.users, o.command, o.duration, o.warmup, h.lim)
	fmt.Fprintf(o.out, "  updates/s      %.0f (end to end: update queued at the fake → reply received there)\n",
		float64(s.n())/o.duration.Seconds())
	fmt.Fprintf(o.out, "  reply latency  %s\n", s)
	fmt.Fprintf(o.out, "  replies        %d measured, %d users timed out\n", s.n(), timeouts.Load())
	fmt.Fprintf(o.out, "  CPU            %s\n", cpu)
	fmt.Fprintf(o.out, "  bot memory     %s\n", mem)
	return ctx.Err()
}

// openLoop offers updates at fixed rates, whatever the replies, from users
// in turn, and measures the latency of each reply.
func openLoop(ctx context.Context, o *options) error {
	h, err := newHarness(o, "open", loadLimits(o))
	if err != nil {
		return err
	}
	defer h.close()
	users := h.addUsers(1000, o.users)
	if _, err := h.start(); err != nil {
		return err
	}
	fmt.Fprintf(o.out, "open loop: %d users sending %s in turn, each rate %s after %s warm-up; limits: %s\n",
		o.users, o.command, o.duration, o.warmup, h.lim)
	for _, rate := range o.rates {
		from := time.Now().Add(o.warmup)
		to := from.Add(o.duration)
		lat := newLatencies(from, to)
		cpu := measureCPU(h.bot, from, to)
		for _, u := range users {
			u.mu.Lock()
			u.lat = lat
			u.mu.Unlock()
		}
		start := time.Now()
		sent, inWindow := 0, 0
		tick := time.NewTicker(time.Millisecond)
		for now := start; ctx.Err() == nil && now.Before(to); now = <-tick.C {
			due := int(now.Sub(start).Seconds() * rate)
			for ; sent < due; sent++ {
				if at := users[sent%len(users)].send(o.command); !at.Before(from) && at.Before(to) {
					inWindow++
				}
			}
		}
		tick.Stop()
		// Let the replies to the measured updates come in.
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) && lat.summary().n() < inWindow && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
		}
		s := lat.summary()
		fmt.Fprintf(o.out, "  offered %5.0f/s  answered %5.0f/s  %s  (%d replies to the %d updates of the window; %s)\n",
			rate, float64(s.n())/o.duration.Seconds(), s, s.n(), inWindow, cpu)
		if s.n() < inWindow {
			return fmt.Errorf("open loop at %.0f/s: %d updates of the window got no reply within 30 s", rate, inWindow-s.n())
		}
		// Quiet down before the next rate.
		for _, u := range users {
			u.mu.Lock()
			u.lat = nil
			u.mu.Unlock()
		}
		waitSendsEnd(ctx, h, 2*time.Second)
	}
	mem, _ := h.bot.memory()
	fmt.Fprintf(o.out, "  bot memory     %s\n", mem)
	return ctx.Err()
}

// waitSendsEnd waits until no send came for quiet (at most a minute).
func waitSendsEnd(ctx context.Context, h *harness, quiet time.Duration) {
	deadline := time.Now().Add(time.Minute)
	last, lastAt := h.sendCount(), time.Now()
	for ctx.Err() == nil && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if n := h.sendCount(); n != last {
			last, lastAt = n, time.Now()
		} else if time.Since(lastAt) >= quiet {
			return
		}
	}
}

// conversation: users each run /dangky → press "Đồng ý" (consent saved)
// → type "1" (village saved), waiting for each reply, again and again.
func conversation(ctx context.Context, o *options) error {
	h, err := newHarness(o, "flow", loadLimits(o))
	if err != nil {
		return err
	}
	defer h.close()
	users := h.addUsers(1000, o.users)
	if _, err := h.start(); err != nil {
		return err
	}
	from := time.Now().Add(o.warmup)
	to := from.Add(o.duration)
	lat := newLatencies(from, to)
	cpu := measureCPU(h.bot, from, to)
	var flows, failures atomic.Int64
	var wg sync.WaitGroup
	for _, u := range users {
		u.mu.Lock()
		u.lat = lat
		u.mu.Unlock()
		wg.Add(1)
		go func(u *chat) {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(to) {
				began := time.Now()
				if err := subscribeFlow(u); err != nil {
					failures.Add(1)
					if failures.Load() <= 3 {
						fmt.Fprintf(o.err, "flow: %v\n", err)
					}
					u.drain()
					continue
				}
				if !began.Before(from) && time.Now().Before(to) {
					flows.Add(1)
				}
			}
		}(u)
	}
	wg.Wait()
	mem, _ := h.bot.memory()
	s := lat.summary()
	fmt.Fprintf(o.out, "conversation: %d users running /dangky → button \"Đồng ý\" → text \"1\" (consent and village saved), %s after %s warm-up; limits: %s\n",
		o.users, o.duration, o.warmup, h.lim)
	fmt.Fprintf(o.out, "  flows/s        %.0f (%d flows begun and ended in the window, %d failed)\n",
		float64(flows.Load())/o.duration.Seconds(), flows.Load(), failures.Load())
	fmt.Fprintf(o.out, "  updates/s      %.0f\n", float64(s.n())/o.duration.Seconds())
	fmt.Fprintf(o.out, "  step latency   %s\n", s)
	fmt.Fprintf(o.out, "  CPU            %s\n", cpu)
	fmt.Fprintf(o.out, "  bot memory     %s\n", mem)
	return ctx.Err()
}

// subscribeFlow runs the three steps of /dangky once.
func subscribeFlow(u *chat) error {
	const timeout = 30 * time.Second
	u.send("/dangky")
	r, err := u.wait(timeout, "yes")
	if err != nil {
		return fmt.Errorf("consent prompt: %w", err)
	}
	if err := u.press(r.msgID, r.markup); err != nil {
		return err
	}
	if _, err := u.wait(timeout, "v0"); err != nil {
		return fmt.Errorf("village prompt: %w", err)
	}
	u.send("1")
	if _, err := u.wait(timeout, "policy"); err != nil {
		return fmt.Errorf("interests prompt: %w", err)
	}
	return nil
}
