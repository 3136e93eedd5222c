package zalofake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

func (s *Server) setWebhook(w http.ResponseWriter, req map[string]json.RawMessage) {
	url, secret := str(req["url"]), str(req["secret_token"])
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		fail(w, 400, "Bad Request: url must be an https URL")
		return
	}
	if len(secret) < 8 || len(secret) > 256 {
		fail(w, 400, "Bad Request: secret_token must be 8-256 characters")
		return
	}
	s.mu.Lock()
	s.webhook, s.secret, s.hookAt = url, secret, time.Now().UnixMilli()
	at := s.hookAt
	s.notifyLocked()
	s.mu.Unlock()
	reply(w, 200, answer{OK: true, Result: map[string]any{"url": url, "updated_at": at}})
}

// WaitWebhook waits until a webhook is set and returns its URL and secret
// ("" when ctx ends first).
func (s *Server) WaitWebhook(ctx context.Context) (url, secret string) {
	for {
		s.mu.Lock()
		ch, url, secret := s.changed, s.webhook, s.secret
		s.mu.Unlock()
		if url != "" {
			return url, secret
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return "", ""
		}
	}
}

// Deliver posts an update to the webhook set with setWebhook, with its
// secret header, and returns the HTTP status of the bot's answer.
func (s *Server) Deliver(ctx context.Context, u any) (int, error) {
	url, secret := s.Webhook()
	if url == "" {
		return 0, fmt.Errorf("zalofake: no webhook set")
	}
	return Post(ctx, url, secret, u)
}

// Post sends an update to a webhook URL with the given secret header.
func Post(ctx context.Context, url, secret string, u any) (int, error) {
	b, err := json.Marshal(u)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
