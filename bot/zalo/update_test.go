package zalo

import (
	"testing"
	"time"
)

const sampleText = `{"event_name": "message.text.received",
 "message": {"message_id": "16f6366b3f02645a3d15",
             "date": 1766619597466,
             "text": "Xin chào",
             "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
             "from": {"id": "e4ea2cd5189df1c3a88c", "display_name": "Nguyen Van A", "is_bot": false}}}`

func TestParseUpdatesShapes(t *testing.T) {
	cases := []struct {
		name string
		body string
		want int
	}{
		{"bare", sampleText, 1},
		{"wrapped", `{"ok": true, "result": ` + sampleText + `}`, 1},
		{"wrapped array", `{"ok": true, "result": [` + sampleText + `, ` + sampleText + `]}`, 2},
		{"bare array", `[` + sampleText + `]`, 1},
		{"null result", `{"ok": true, "result": null}`, 0},
		{"true result", `{"ok": true, "result": true}`, 0},
		{"empty object", `{}`, 0},
		{"unknown event", `{"event_name": "message.reaction.received", "message": {"message_id": "1", "from": {"id": "u"}, "chat": {"id": "u"}}}`, 0},
		{"from a bot", `{"event_name": "message.text.received", "message": {"message_id": "1", "text": "x", "from": {"id": "u", "is_bot": true}, "chat": {"id": "u"}}}`, 0},
		{"no message id", `{"event_name": "message.text.received", "message": {"text": "x", "from": {"id": "u"}, "chat": {"id": "u"}}}`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ups, err := ParseUpdates([]byte(tc.body))
			if err != nil {
				t.Fatalf("ParseUpdates: %v", err)
			}
			if len(ups) != tc.want {
				t.Fatalf("ParseUpdates gave %d updates, want %d", len(ups), tc.want)
			}
		})
	}
}

func TestParseUpdateFields(t *testing.T) {
	ups, err := ParseUpdates([]byte(sampleText))
	if err != nil || len(ups) != 1 {
		t.Fatalf("ParseUpdates = %v, %v", ups, err)
	}
	u := ups[0]
	if u.Channel != "zalo" || u.Key != "16f6366b3f02645a3d15" || u.ChatID != "e4ea2cd5189df1c3a88c" ||
		u.UserID != "e4ea2cd5189df1c3a88c" || u.UserName != "Nguyen Van A" || u.Text != "Xin chào" || u.Group {
		t.Errorf("update = %+v", u)
	}
	if want := time.UnixMilli(1766619597466).UTC(); !u.Time.Equal(want) {
		t.Errorf("time = %v, want %v (date is in milliseconds)", u.Time, want)
	}
}

func TestParseImageAndGroup(t *testing.T) {
	img := `{"event_name": "message.image.received", "message": {"message_id": "m1", "date": "1766619597466",
		"photo_url": "https://example.vn/a.jpg", "caption": "Giấy chứng nhận",
		"chat": {"id": "c1", "chat_type": "PRIVATE"}, "from": {"id": "u1", "first_name": "B"}}}`
	ups, err := ParseUpdates([]byte(img))
	if err != nil || len(ups) != 1 {
		t.Fatalf("ParseUpdates(image) = %v, %v", ups, err)
	}
	if ups[0].Photo == nil || ups[0].Photo.URL != "https://example.vn/a.jpg" || ups[0].Text != "Giấy chứng nhận" || ups[0].UserName != "B" {
		t.Errorf("image update = %+v", ups[0])
	}
	for _, tc := range []struct {
		text      string
		addressed bool
	}{{"/help", true}, {"xin chào cả nhóm", false}, {"bao cao", false}} {
		g := `{"event_name": "message.text.received", "message": {"message_id": "g1", "date": 1766619597466, "text": "` + tc.text + `",
			"chat": {"id": "grp", "chat_type": "GROUP"}, "from": {"id": 42, "display_name": "C"}}}`
		ups, err := ParseUpdates([]byte(g))
		if err != nil || len(ups) != 1 {
			t.Fatalf("ParseUpdates(group) = %v, %v", ups, err)
		}
		u := ups[0]
		if !u.Group || u.Addressed != tc.addressed || u.ChatID != "grp" || u.UserID != "42" {
			t.Errorf("group %q: Group=%v Addressed=%v chat=%q user=%q, want group, addressed=%v", tc.text, u.Group, u.Addressed, u.ChatID, u.UserID, tc.addressed)
		}
	}
}

func TestParseUpdatesRejectsNonJSON(t *testing.T) {
	for _, b := range []string{"<html>", `{"ok": tru`, "[1,"} {
		if _, err := ParseUpdates([]byte(b)); err == nil {
			t.Errorf("ParseUpdates(%q) = nil error, want one", b)
		}
	}
}

func FuzzParseUpdates(f *testing.F) {
	f.Add([]byte(sampleText))
	f.Add([]byte(`{"ok": true, "result": [` + sampleText + `]}`))
	f.Add([]byte(`{"ok": false, "error_code": 408, "description": "Request timeout"}`))
	f.Add([]byte(`{"event_name": "message.image.received", "message": {"message_id": 5, "date": "x", "chat": {"chat_type": "GROUP"}, "from": {"id": 1}}}`))
	f.Add([]byte(`[[[[{"result": {"result": {"result": 1}}}]]]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ups, err := ParseUpdates(b)
		if err != nil {
			return
		}
		for _, u := range ups {
			if u.Key == "" || u.UserID == "" || u.ChatID == "" || u.Channel != Name {
				t.Fatalf("incomplete update %+v from %q", u, b)
			}
		}
	})
}
