package main

import (
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// The office exports on Telegram (the .xlsx and the .docx arrive by
// sendDocument) and sends the workbook back for the staff import, which the
// bot downloads through getFile and telegram.file_endpoint and reads.
func TestTelegramExportThenImport(t *testing.T) {
	f := tgfake.New(e2eToken)
	defer f.Close()
	startRun(t, f, "", "")
	admin := tgfake.User{ID: 100, FirstName: "Văn", LastName: "Phòng"}

	say(t, f, admin, "/xuat")
	var xlsx, docx *tgfake.Document
	if !f.WaitUntil(20*time.Second, func() bool {
		for _, m := range f.BotMessages(100) {
			if m.Document != nil && strings.HasSuffix(m.Document.FileName, ".xlsx") {
				xlsx = m.Document
			}
			if m.Document != nil && strings.HasSuffix(m.Document.FileName, ".docx") {
				docx = m.Document
			}
		}
		return xlsx != nil && docx != nil
	}) {
		t.Fatalf("no .xlsx document sent: %+v", f.BotMessages(100))
	}
	data, ok := f.FileData(xlsx.FileID)
	if !ok || len(data) < 1000 || string(data[:2]) != "PK" {
		t.Fatalf("exported workbook not stored by the fake (%d bytes)", len(data))
	}
	ask := say(t, f, admin, "/nhap")
	if !strings.Contains(ask.Text, "gửi tệp") {
		t.Fatalf("/nhap answered %q", ask.Text)
	}
	n := len(f.BotMessages(100))
	f.SendDocument(tgfake.PrivateChat(admin), admin, "danh-sach.xlsx", data, "")
	got := waitBot(t, f, 100, n+1)[n]
	// The roster is empty: the answer proves the file was downloaded and read
	// as the template (an unreadable or missing file gets another sentence).
	if got.Text != "Tệp không có dòng dữ liệu nào." {
		t.Fatalf("import of the exported (empty) roster answered %q", got.Text)
	}
}
