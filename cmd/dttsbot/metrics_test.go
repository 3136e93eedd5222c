package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

func TestHealthzAndMetrics(t *testing.T) {
	cfg, err := loadConfig(writeConfig(t, "database: "+filepath.Join(t.TempDir(), "b.db")+"\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg, newLogger(io.Discard, "error"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := a.router.HandleUpdate(context.Background(), bot.Update{Channel: "telegram", ChatID: "5", UserID: "5", Text: "/help"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.httpMux())
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.HasPrefix(body, "ok") {
		t.Errorf("/healthz = %d %q", code, body)
	}
	code, body := get("/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{`dttsbot_updates_handled_total{channel="telegram",result="ok"} 1`,
		"dttsbot_handler_seconds_bucket", "dttsbot_outbox_depth 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
