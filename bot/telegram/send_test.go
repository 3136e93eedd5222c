package telegram_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/telegram"
	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

func TestSendEscapesHTML(t *testing.T) {
	e := newEnv(t, envOptions{noRun: true})
	for _, text := range []string{
		`<b>Tom & "Jerry"</b> 5 > 3 'x' &amp; <script>`,
		"Nguyễn Văn A <a href=\"x\">link</a>\n& dòng hai",
		"</i> &#39; &lt;",
	} {
		if err := e.ad.Send(e.ctx, "501", bot.Reply{Text: text}); err != nil {
			t.Fatalf("Send(%q) = %v", text, err)
		}
		msgs := e.fake.BotMessages(501)
		if got := msgs[len(msgs)-1].Text; got != text {
			t.Errorf("Send(%q): the chat shows %q", text, got)
		}
	}
	for _, r := range e.fake.Requests("sendMessage") {
		if r.Params["parse_mode"] != "HTML" {
			t.Errorf("parse_mode = %q, want HTML", r.Params["parse_mode"])
		}
	}
}

func TestSendSplitsLongTextOnLines(t *testing.T) {
	e := newEnv(t, envOptions{})
	var b strings.Builder
	for i := 0; b.Len() < 6000; i++ {
		b.WriteString(strings.Repeat("x", 50) + " dòng\n")
	}
	text := strings.TrimSuffix(b.String(), "\n")
	text = string([]rune(text)[:6000])
	e.queue(601, bot.Reply{Text: text, Token: "3", Choices: []bot.Choice{{ID: "y", Label: "Có"}, {ID: "n", Label: "Không"}}})
	msgs := e.waitMessages(601, 2)
	if len(msgs) != 2 {
		t.Fatalf("a 6,000-character reply went as %d messages, want 2", len(msgs))
	}
	if tgfake.UTF16Len(msgs[0].Text) > 4096 || !strings.HasSuffix(msgs[0].Text, "dòng") {
		t.Errorf("first piece (%d chars) is not cut on a line boundary: …%q", len([]rune(msgs[0].Text)), msgs[0].Text[len(msgs[0].Text)-20:])
	}
	if msgs[0].Text+"\n"+msgs[1].Text != text {
		t.Errorf("the pieces do not add up to the text")
	}
	if msgs[0].ReplyMarkup != nil || len(msgs[1].Buttons()) != 2 {
		t.Errorf("keyboard: first piece %v, last piece %v; want it on the last piece only", msgs[0].ReplyMarkup, msgs[1].ReplyMarkup)
	}
}

func TestKeyboard(t *testing.T) {
	e := newEnv(t, envOptions{noRun: true})
	r := bot.Reply{Text: "Chọn đơn vị:", Token: "12", Choices: []bot.Choice{
		{ID: "1", Label: "Phòng Văn hóa - Xã hội"}, {ID: "2", Label: "Phòng Kinh tế"}, {ID: "3", Label: "Trạm Y tế xã"}}}
	if err := e.ad.Send(e.ctx, "701", r); err != nil {
		t.Fatal(err)
	}
	m := e.fake.BotMessages(701)[0]
	var datas []string
	for _, b := range m.Buttons() {
		datas = append(datas, b.CallbackData)
	}
	if strings.Join(datas, " ") != "12:1 12:2 12:3" {
		t.Errorf("callback data = %v, want 12:1 12:2 12:3", datas)
	}
	// A multiple choice numbers its buttons and says how to pick several.
	r.Multi = true
	if err := e.ad.Send(e.ctx, "701", r); err != nil {
		t.Fatal(err)
	}
	m = e.fake.BotMessages(701)[1]
	if m.Buttons()[1].Text != "2. Phòng Kinh tế" || !strings.Contains(m.Text, telegram.DefaultMultiHint) {
		t.Errorf("multiple choice rendered as %q / %q", m.Buttons()[1].Text, m.Text)
	}
	// Callback data over 64 bytes is refused before anything is sent.
	long := bot.Reply{Text: "x", Token: "1", Choices: []bot.Choice{{ID: strings.Repeat("đ", 32), Label: "x"}}}
	err := e.ad.Send(e.ctx, "701", long)
	var se *bot.SendError
	if !errors.As(err, &se) || se.Kind != bot.Permanent {
		t.Errorf("Send with 65-byte callback data = %v, want a permanent error", err)
	}
	if n := len(e.fake.BotMessages(701)); n != 2 {
		t.Errorf("%d messages after the refused one, want 2", n)
	}
}

func TestSendDocumentPhotoAndEdit(t *testing.T) {
	e := newEnv(t, envOptions{noRun: true})
	xlsx := []byte("PK\x03\x04 fake workbook")
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Text: "Báo cáo <tổng hợp>", Document: &bot.Attachment{Name: "bao-cao.xlsx", Data: xlsx}}); err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG fake chart")
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Photo: &bot.Attachment{Name: "chart.png", Data: png}}); err != nil {
		t.Fatal(err)
	}
	msgs := e.fake.BotMessages(801)
	if len(msgs) != 2 || msgs[0].Document == nil || msgs[0].Document.FileName != "bao-cao.xlsx" || msgs[0].Caption != "Báo cáo <tổng hợp>" {
		t.Fatalf("document message = %+v", msgs)
	}
	if got, _ := e.fake.FileData(msgs[0].Document.FileID); string(got) != string(xlsx) {
		t.Errorf("document bytes = %q", got)
	}
	if len(msgs[1].Photo) == 0 {
		t.Fatalf("photo message = %+v", msgs[1])
	}
	if got, _ := e.fake.FileData(msgs[1].Photo[0].FileID); string(got) != string(png) {
		t.Errorf("photo bytes = %q", got)
	}
	// A caption too long for Telegram goes first as a message of its own.
	long := strings.Repeat("Nội dung dài. ", 100)
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Text: long, Document: &bot.Attachment{Name: "a.docx", Data: []byte("doc")}}); err != nil {
		t.Fatal(err)
	}
	msgs = e.fake.BotMessages(801)
	if len(msgs) != 4 || msgs[2].Text != strings.TrimSpace(long) && msgs[2].Text != long || msgs[3].Document == nil {
		t.Errorf("long caption: messages %+v", msgs[2:])
	}
	// Edit replaces a keyboard message's text and drops its buttons.
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Text: "Chọn:", Token: "1", Choices: []bot.Choice{{ID: "a", Label: "A"}}}); err != nil {
		t.Fatal(err)
	}
	msgs = e.fake.BotMessages(801)
	id := msgs[len(msgs)-1].MessageID
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Edit: itoa(id), Text: "Đã chọn: A & B"}); err != nil {
		t.Fatal(err)
	}
	msgs = e.fake.BotMessages(801)
	if m := msgs[len(msgs)-1]; m.Text != "Đã chọn: A & B" || m.ReplyMarkup != nil {
		t.Errorf("edited message = %+v", m)
	}
	// Editing to the same content is not an error.
	if err := e.ad.Send(e.ctx, "801", bot.Reply{Edit: itoa(id), Text: "Đã chọn: A & B"}); err != nil {
		t.Errorf("same edit again = %v, want nil", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestSendErrorKinds(t *testing.T) {
	e := newEnv(t, envOptions{noRun: true})
	doc := &bot.Attachment{Name: "x.xlsx", Data: []byte("x")}
	cases := []struct {
		name  string
		fault tgfake.Fault
		reply bot.Reply
		kind  bot.SendErrorKind
		retry time.Duration
		move  string
	}{
		{"429", tgfake.Fault{Code: 429, RetryAfter: 7}, bot.Reply{Text: "a"}, bot.RateLimited, 7 * time.Second, ""},
		{"429 upload", tgfake.Fault{Code: 429, RetryAfter: 3}, bot.Reply{Document: doc}, bot.RateLimited, 3 * time.Second, ""},
		{"500", tgfake.Fault{Code: 500}, bot.Reply{Text: "a"}, bot.Temporary, 0, ""},
		{"502 upload", tgfake.Fault{Code: 502}, bot.Reply{Document: doc}, bot.Temporary, 0, ""},
		{"timeout", tgfake.Fault{Delay: 5 * time.Second}, bot.Reply{Text: "a"}, bot.Temporary, 0, ""},
		{"dropped", tgfake.Fault{Drop: true}, bot.Reply{Text: "a"}, bot.Temporary, 0, ""},
		{"403 blocked", tgfake.Fault{Code: 403}, bot.Reply{Text: "a"}, bot.Blocked, 0, ""},
		{"403 deactivated upload", tgfake.Fault{Code: 403, Description: "Forbidden: user is deactivated"}, bot.Reply{Document: doc}, bot.Blocked, 0, ""},
		{"400 migrated", tgfake.Fault{Code: 400, MigrateTo: -1001234567}, bot.Reply{Text: "a"}, bot.Migrated, 0, "-1001234567"},
		{"400 other", tgfake.Fault{Code: 400, Description: "Bad Request: chat not found"}, bot.Reply{Text: "a"}, bot.Permanent, 0, ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			chat := int64(900 + i)
			tc.fault.ChatID, tc.fault.Times = chat, 1
			e.fake.Inject(tc.fault)
			err := e.ad.Send(e.ctx, itoa(int(chat)), tc.reply)
			var se *bot.SendError
			if !errors.As(err, &se) {
				t.Fatalf("Send = %v, want a *bot.SendError", err)
			}
			if se.Kind != tc.kind || se.RetryAfter != tc.retry || se.MigrateTo != tc.move {
				t.Errorf("Send = kind %d retry %v move %q, want kind %d retry %v move %q (%v)", se.Kind, se.RetryAfter, se.MigrateTo, tc.kind, tc.retry, tc.move, err)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text contains the token: %v", err)
			}
		})
	}
}
