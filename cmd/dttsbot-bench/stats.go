//go:build linux

package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// latencies collects the reply latencies of updates injected within a
// window [from, to); earlier ones are warm-up, later ones the tail.
type latencies struct {
	mu       sync.Mutex
	from, to time.Time
	at       []time.Time // when each measured update was injected
	d        []time.Duration
}

func newLatencies(from, to time.Time) *latencies { return &latencies{from: from, to: to} }

func (l *latencies) add(sentAt time.Time, d time.Duration) {
	if sentAt.Before(l.from) || !sentAt.Before(l.to) {
		return
	}
	l.mu.Lock()
	l.at = append(l.at, sentAt)
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// summary is a sorted copy with percentiles.
func (l *latencies) summary() summary {
	l.mu.Lock()
	d := slices.Clone(l.d)
	l.mu.Unlock()
	slices.Sort(d)
	return summary{d: d}
}

// within is the summary of the updates injected in [from, to).
func (l *latencies) within(from, to time.Time) summary {
	l.mu.Lock()
	var d []time.Duration
	for i, at := range l.at {
		if !at.Before(from) && at.Before(to) {
			d = append(d, l.d[i])
		}
	}
	l.mu.Unlock()
	slices.Sort(d)
	return summary{d: d}
}

type summary struct{ d []time.Duration }

func (s summary) n() int { return len(s.d) }

// pct is the q-quantile (nearest rank).
func (s summary) pct(q float64) time.Duration {
	if len(s.d) == 0 {
		return 0
	}
	i := int(q*float64(len(s.d))+0.5) - 1
	return s.d[max(0, min(i, len(s.d)-1))]
}

func (s summary) String() string {
	if len(s.d) == 0 {
		return "no replies"
	}
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s", ms(s.pct(.50)), ms(s.pct(.90)), ms(s.pct(.99)), ms(s.d[len(s.d)-1]))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// windows are the counts of sends per 1-second window.
type windows struct {
	sliding  int     // most sends in any [t, t+1 s) window
	fixedMax int     // most sends in one whole second counted from the first send
	fixedMin int     // fewest, over whole seconds only
	rate     float64 // (n-1) / (last - first)
	n        int
	span     time.Duration
}

// countWindows measures a list of send times (in order).
func countWindows(ts []time.Time) windows {
	w := windows{n: len(ts)}
	if len(ts) == 0 {
		return w
	}
	j := 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= time.Second {
			j++
		}
		w.sliding = max(w.sliding, i-j+1)
	}
	w.span = ts[len(ts)-1].Sub(ts[0])
	if len(ts) > 1 && w.span > 0 {
		w.rate = float64(len(ts)-1) / w.span.Seconds()
	}
	whole := int(w.span / time.Second)
	counts := make([]int, whole+1)
	for _, t := range ts {
		counts[int(t.Sub(ts[0])/time.Second)]++
	}
	w.fixedMin = -1
	for i, c := range counts {
		w.fixedMax = max(w.fixedMax, c)
		if i < whole && (w.fixedMin < 0 || c < w.fixedMin) {
			w.fixedMin = c
		}
	}
	if w.fixedMin < 0 {
		w.fixedMin = counts[0]
	}
	return w
}

// cpuUse measures the CPU time of the bot and of this process (the fake
// and the simulated users) between from and to, in cores.
type cpuUse struct {
	done, end        chan struct{}
	bot, self, other float64
}

func measureCPU(p *botProc, from, to time.Time) *cpuUse {
	c := &cpuUse{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		time.Sleep(time.Until(from))
		b0, s0, m0 := p.cpu(), selfCPU(), machineBusy()
		time.Sleep(time.Until(to))
		b1, s1, m1 := p.cpu(), selfCPU(), machineBusy()
		w := to.Sub(from).Seconds()
		c.bot, c.self = (b1-b0).Seconds()/w, (s1-s0).Seconds()/w
		c.other = max(0, (m1-m0).Seconds()/w-c.bot-c.self)
	}()
	return c
}

// startCPU measures from now until stop is called.
func startCPU(p *botProc) *cpuUse {
	c := &cpuUse{done: make(chan struct{}), end: make(chan struct{})}
	go func() {
		defer close(c.done)
		t0, b0, s0, m0 := time.Now(), p.cpu(), selfCPU(), machineBusy()
		<-c.end
		w := time.Since(t0).Seconds()
		b1, s1, m1 := p.cpu(), selfCPU(), machineBusy()
		c.bot, c.self = (b1-b0).Seconds()/w, (s1-s0).Seconds()/w
		c.other = max(0, (m1-m0).Seconds()/w-c.bot-c.self)
	}()
	return c
}

func (c *cpuUse) stop() { close(c.end) }

func (c *cpuUse) String() string {
	<-c.done
	return fmt.Sprintf("bot %.2f cores, load generator and fake %.2f cores, other processes %.2f cores", c.bot, c.self, c.other)
}

// machineBusy is the CPU time all processes used so far, from /proc/stat
// (user, nice, system, irq, softirq, steal).
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		busy += n
	}
	return time.Duration(busy) * time.Second / clockTicks
}

// selfCPU is this process's CPU time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// waitMachine waits, with -quiet, until the other processes of the machine
// use less than a tenth of a core for three seconds in a row (at most
// ten minutes), so that the figures are this bot's and not a neighbour's.
func waitMachine(o *options) {
	if !o.quiet {
		return
	}
	deadline := time.Now().Add(10 * time.Minute)
	calm := 0
	for calm < 3 && time.Now().Before(deadline) {
		m0, s0 := machineBusy(), selfCPU()
		time.Sleep(time.Second)
		other := (machineBusy() - m0 - (selfCPU() - s0)).Seconds()
		if other < 0.1 {
			calm++
		} else {
			calm = 0
		}
	}
	if calm < 3 {
		fmt.Fprintln(o.err, "the machine did not become quiet within ten minutes; measuring anyway")
	}
}
