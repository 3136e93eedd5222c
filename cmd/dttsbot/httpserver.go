package main

import (
	"context"

	"errors"
	"github.com/dttsbot/dttsbot/bot"
	"net"
	"net/http"
	"time"
)

// mux is the bot's HTTP server (http.listen): webhooks, /healthz, /metrics
// and signed download links register on it before serve.
func (a *app) httpMux() *http.ServeMux {
	if a.mux == nil {
		a.mux = http.NewServeMux()
		a.mux.HandleFunc("GET /healthz", a.healthz)
	}
	return a.mux
}

func (a *app) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.db.Ping(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	var lines []string
	status := http.StatusOK
	for _, ch := range a.channels {
		h, ok := ch.(bot.Health)
		if !ok {
			continue
		}
		if err := h.Healthy(time.Now()); err != nil {
			status = http.StatusServiceUnavailable
			lines = append(lines, ch.Name()+": "+err.Error())
		} else {
			lines = append(lines, ch.Name()+": ok")
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	if status == http.StatusOK {
		w.Write([]byte("ok\n"))
	}
	for _, l := range lines {
		w.Write([]byte(l + "\n"))
	}
}

// serveHTTP runs the server on http.listen until ctx ends; with no address
// it does nothing. It returns the bound address (useful with ":0").
func (a *app) serveHTTP(ctx context.Context) (string, error) {
	if a.cfg.HTTP.Listen == "" {
		return "", nil
	}
	ln, err := net.Listen("tcp", a.cfg.HTTP.Listen)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: a.httpMux(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server stopped", "err", err)
		}
	}()
	a.log.Info("http server listening", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}
