//go:build linux

// Command dttsbot-bench is the load command of SPEC §10: it starts a fake
// Telegram Bot API on loopback (bot/telegram/tgfake), runs the real dttsbot
// binary against it on a temporary database, and plays simulated users
// through real flows. It prints updates/s, reply latency percentiles, the
// broadcast rate against the configured ceiling and the bot's memory.
//
// It runs on Linux, whose /proc it reads. The bot runs as a child process
// (`dttsbot -config <generated> run`), so what is measured is the product
// exactly as `dttsbot run` wires it: its memory is read from
// /proc/<pid>/status (VmRSS, VmHWM) apart from the load generator's, and
// its start time runs from exec to its first getUpdates. The fake and the
// simulated users run in this process, on the same machine, as the peers'
// figures in SPEC §10 were measured.
//
// docs/BENCHMARKS.md lists the figures and the command behind each.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	scenario    string
	bin         string
	tmp         string
	keep        bool
	quiet       bool
	env         []string
	users       int
	concurrency int
	workers     int
	command     string
	warmup      time.Duration
	duration    time.Duration
	rates       []float64
	recipients  int
	ceiling     float64
	interactive int
	think       time.Duration
	messages    int
	subscribers int
	staff       int
	starts      int
	settle      time.Duration
	out, err    io.Writer
}

var scenarios = map[string]func(context.Context, *options) error{
	"closed":    closedLoop,
	"open":      openLoop,
	"flow":      conversation,
	"broadcast": broadcast,
	"outbox":    outbox,
	"idle":      idle,
}

// order is the order of -scenario all.
var order = []string{"idle", "closed", "open", "flow", "outbox", "broadcast"}

const usage = `dttsbot-bench — load the real bot through a fake Telegram Bot API

Usage: go run ./cmd/dttsbot-bench [flags] -scenario NAME

Scenarios:
  closed     -users N send -command, each waits for its reply and sends again
  open       -rates R1,R2… updates/s offered whatever the replies
  flow       -users N run /dangky → button → text (consent and village saved)
  broadcast  announcement to -recipients at -ceiling msg/s while -interactive
             users send -command every -think
  outbox     announcement to -messages subscribers, every limit lifted
  idle       start time and memory on -subscribers and -staff seeded rows
  all        each of the above with its flags

Flags:
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dttsbot-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := &options{out: stdout, err: stderr}
	fs := flag.NewFlagSet("dttsbot-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.StringVar(&o.scenario, "scenario", "closed", "closed, open, flow, broadcast, outbox, idle or all")
	fs.StringVar(&o.bin, "bot", "", "dttsbot binary to run (default: go build ./cmd/dttsbot into a temporary folder)")
	fs.StringVar(&o.tmp, "tmp", "", "folder for the temporary databases (default: the system's)")
	fs.BoolVar(&o.keep, "keep", false, "keep each run's folder (config, database, bot.log)")
	fs.BoolVar(&o.quiet, "quiet", false, "before each scenario, wait until other processes leave the CPUs alone")
	env := fs.String("env", "", "extra environment of the bot, e.g. GOGC=200,GOMEMLIMIT=30MiB")
	fs.IntVar(&o.users, "users", 100, "simulated users (closed, open, flow)")
	fs.StringVar(&o.command, "command", "/help", "the stateless command users send")
	fs.IntVar(&o.concurrency, "send-concurrency", productionLimits.Concurrency, "limits.send_concurrency of the bot (all but idle)")
	fs.IntVar(&o.workers, "workers", productionLimits.Workers, "limits.workers of the bot (all but idle)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "time before measuring")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "time measured")
	rates := fs.String("rates", "1000", "open loop: offered updates/s, comma-separated")
	fs.IntVar(&o.recipients, "recipients", 600, "broadcast: subscribers to reach")
	fs.Float64Var(&o.ceiling, "ceiling", 30, "broadcast: limits.telegram_per_second")
	fs.IntVar(&o.interactive, "interactive", 10, "broadcast: users sending -command meanwhile")
	fs.DurationVar(&o.think, "think", 2*time.Second, "broadcast: pause of each interactive user between commands")
	fs.IntVar(&o.messages, "messages", 20000, "outbox: messages to deliver")
	fs.IntVar(&o.subscribers, "subscribers", 100000, "idle: seeded subscribers")
	fs.IntVar(&o.staff, "staff", 10000, "idle: seeded staff members")
	fs.IntVar(&o.starts, "starts", 5, "idle: starts to time on the seeded database")
	fs.DurationVar(&o.settle, "settle", 5*time.Second, "idle: wait after the last start before reading memory")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	for _, r := range strings.Split(*rates, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
		if err != nil || v <= 0 {
			return fmt.Errorf("-rates: %q is not a positive number", r)
		}
		o.rates = append(o.rates, v)
	}
	if *env != "" {
		o.env = strings.Split(*env, ",")
	}
	if o.users < 1 || o.concurrency < 1 || o.workers < 1 || o.recipients < 1 || o.messages < 1 || o.ceiling <= 0 || o.starts < 1 || o.duration <= 0 {
		return fmt.Errorf("-users, -send-concurrency, -workers, -recipients, -messages, -ceiling, -starts and -duration must be positive")
	}
	names := []string{o.scenario}
	if o.scenario == "all" {
		names = order
	}
	for _, n := range names {
		if scenarios[n] == nil {
			return fmt.Errorf("unknown scenario %q; want one of %s or all", n, strings.Join(order, ", "))
		}
	}
	if o.bin == "" {
		dir, err := os.MkdirTemp(o.tmp, "dttsbot-bench-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if o.bin, err = buildBot(ctx, dir); err != nil {
			return err
		}
	}
	fmt.Fprintf(o.out, "%s\n", machine())
	for _, n := range names {
		waitMachine(o)
		if err := scenarios[n](ctx, o); err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
	}
	return nil
}
