package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// buildBot builds the program into dir and returns the binary's path.
func buildBot(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "dttsbot")
	if out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// writeConfigIn writes a config file in dir and returns its path.
func writeConfigIn(t *testing.T, dir, yml string) string {
	t.Helper()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// childBot runs the built program as a child process, with the Telegram
// token in its environment, in dir, each run logging to its own file.
type childBot struct {
	t        *testing.T
	bin, cfg string
	dir      string
	cmd      *exec.Cmd
	logs     []string
}

func (c *childBot) start() {
	c.t.Helper()
	path := filepath.Join(c.dir, fmt.Sprintf("run%d.log", len(c.logs)+1))
	c.logs = append(c.logs, path)
	out, err := os.Create(path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(c.bin, "-config", c.cfg, "run")
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "DTTSBOT_TELEGRAM_TOKEN="+e2eToken)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.cmd = cmd
}

// kill ends the process with SIGKILL: nothing of it runs after.
func (c *childBot) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
}

// stop asks the process to stop (SIGTERM) and reports whether it stopped
// cleanly.
func (c *childBot) stop() error {
	c.cmd.Process.Signal(syscall.SIGTERM)
	return c.cmd.Wait()
}

// cleanup kills a process still running at the end of the test and checks
// that no log holds the token.
func (c *childBot) cleanup() {
	if c.cmd != nil && c.cmd.ProcessState == nil {
		c.kill()
	}
	for _, path := range c.logs {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), e2eToken) || strings.Contains(string(b), "E2E-secret") {
			c.t.Errorf("%s contains the token", path)
		}
	}
}

// lastLog is the end of the latest run's log (for failure messages).
func (c *childBot) lastLog() string {
	if len(c.logs) == 0 {
		return ""
	}
	b, _ := os.ReadFile(c.logs[len(c.logs)-1])
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// pressChoice presses, on the latest bot message of the chat that offers
// it, the button of choice id (callback data "<token>:<id>" or "<id>"), and
// waits for the next bot message; it returns it.
func pressChoice(t *testing.T, f *tgfake.Server, u tgfake.User, id string) tgfake.Message {
	t.Helper()
	msgs := f.BotMessages(u.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, b := range msgs[i].Buttons() {
			if b.CallbackData == id || strings.HasSuffix(b.CallbackData, ":"+id) {
				if _, err := f.Press(u.ID, u, msgs[i].MessageID, b.CallbackData); err != nil {
					t.Fatal(err)
				}
				return waitBot(t, f, u.ID, len(msgs)+1)[len(msgs)]
			}
		}
	}
	t.Fatalf("chat %d: no button %q among the bot's messages", u.ID, id)
	return tgfake.Message{}
}
