//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// limits are the limits.* keys written into the bot's config; each
// scenario says which it sets (the peers of SPEC §10 have none).
type limits struct {
	PerSecond   float64 // limits.telegram_per_second (0: none)
	PerChat     float64 // limits.telegram_per_chat_per_second (0: none)
	Concurrency int     // limits.send_concurrency
	Workers     int     // limits.workers
}

// productionLimits are config.example.yaml's defaults.
var productionLimits = limits{PerSecond: 30, PerChat: 1, Concurrency: 8, Workers: 16}

func (l limits) String() string {
	return fmt.Sprintf("telegram_per_second=%g telegram_per_chat_per_second=%g send_concurrency=%d workers=%d",
		l.PerSecond, l.PerChat, l.Concurrency, l.Workers)
}

// buildBot builds cmd/dttsbot into dir, as an operator would (go build).
func buildBot(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "dttsbot")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/dttsbot/dttsbot/cmd/dttsbot")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the bot (run from the module, or pass -bot): %w", err)
	}
	return bin, nil
}

// writeConfig writes the bot's config for one run: the fake's endpoints,
// a database in dir, admin telegram:1, no quiet hours (a benchmark at
// night must not hold the broadcast until 07:00) and the given limits.
// Everything else keeps its default.
func writeConfig(dir, apiBase, token string, l limits) (string, error) {
	cfg := fmt.Sprintf(`database: %q
admins: ["telegram:%d"]
telegram:
  token: %q
  api_endpoint: %q
  file_endpoint: %q
backup:
  dir: %q
outreach:
  quiet_hours: ""
limits:
  telegram_per_second: %g
  telegram_per_chat_per_second: %g
  send_concurrency: %d
  workers: %d
`, filepath.Join(dir, "bot.db"), adminID, token, apiBase+"/bot%s/%s", apiBase+"/file/bot%s/%s",
		filepath.Join(dir, "backups"), l.PerSecond, l.PerChat, l.Concurrency, l.Workers)
	path := filepath.Join(dir, "config.yaml")
	return path, os.WriteFile(path, []byte(cfg), 0o600)
}

// botProc is the bot running as a child process.
type botProc struct {
	cmd     *exec.Cmd
	started time.Time // just before exec
	log     *os.File
	done    chan error
}

// startBot runs `bin -config cfg run`, its log going to logPath.
func startBot(bin, cfg, logPath string, env []string) (*botProc, error) {
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-config", cfg, "run")
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = append(os.Environ(), env...)
	p := &botProc{cmd: cmd, log: lf, done: make(chan error, 1)}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("start the bot: %w", err)
	}
	go func() { p.done <- cmd.Wait() }()
	return p, nil
}

// memory is what /proc/<pid>/status says of the bot's memory, in bytes.
type memory struct {
	RSS, Peak, Anon int64 // VmRSS, VmHWM, RssAnon
}

func (m memory) String() string {
	return fmt.Sprintf("rss %.1f MB (anon %.1f MB), peak %.1f MB", mb(m.RSS), mb(m.Anon), mb(m.Peak))
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// memory reads the child's VmRSS, VmHWM and RssAnon.
func (p *botProc) memory() (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			m.RSS = n << 10
		case "VmHWM":
			m.Peak = n << 10
		case "RssAnon":
			m.Anon = n << 10
		}
	}
	return m, sc.Err()
}

// cpu is the CPU time the bot used so far (user + system), from
// /proc/<pid>/stat.
func (p *botProc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTicks
}

// clockTicks is USER_HZ, 100 on Linux.
const clockTicks = 100

// stop asks the bot to stop (SIGTERM, as systemd does) and waits; after
// 20 s it is killed.
func (p *botProc) stop() error {
	defer p.log.Close()
	p.cmd.Process.Signal(syscall.SIGTERM)
	t := time.NewTimer(20 * time.Second)
	defer t.Stop()
	select {
	case err := <-p.done:
		return err
	case <-t.C:
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("the bot did not stop within 20 s of SIGTERM; killed")
	}
}

// exited reports whether the bot has stopped on its own, and why.
func (p *botProc) exited() (bool, error) {
	select {
	case err := <-p.done:
		p.done <- err
		return true, err
	default:
		return false, nil
	}
}
