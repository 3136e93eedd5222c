package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// /healthz reports the database and each polling channel.
func TestHealthzReportsPollingChannel(t *testing.T) {
	f := tgfake.New(e2eToken)
	defer f.Close()
	addr := freePort(t)
	startRun(t, f, "", "http:\n  listen: "+addr+"\n")
	var body string
	ok := f.WaitUntil(10*time.Second, func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		return resp.StatusCode == 200 && strings.Contains(body, "telegram: ok")
	})
	if !ok {
		t.Fatalf("/healthz = %q, want ok with telegram: ok", body)
	}
}
