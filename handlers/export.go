package handlers

import (
	"bytes"
	"context"
	"fmt"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
)

// MIME types of the exported files.
const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// exportOptions are the documents' options at the current time.
func (d *Deps) exportOptions() export.Options {
	return export.Options{Plan: d.Plan, Loc: d.Loc, Now: d.now()}
}

// exportFiles runs /xuat: the workbook and the consolidated report, as
// documents (or download links where the channel cannot attach files).
// The workbook holds every unit's roster, so the export is audited.
func (d *Deps) exportFiles(ctx context.Context, req *bot.Request) error {
	o := d.exportOptions()
	var xlsx, docx bytes.Buffer
	if err := export.Workbook(ctx, &xlsx, d.DB, o); err != nil {
		return err
	}
	if err := export.Report(ctx, &docx, d.DB, o); err != nil {
		return err
	}
	day := o.Now.Format("2006-01-02")
	files := []struct {
		name, mime string
		data       []byte
	}{
		{fmt.Sprintf("dtts-%s.xlsx", day), mimeXLSX, xlsx.Bytes()},
		{fmt.Sprintf("bao-cao-dtts-%d.docx", o.Now.Year()), mimeDOCX, docx.Bytes()},
	}
	req.Say(fmt.Sprintf(msgExportReady, o.Now.Year()))
	for _, f := range files {
		a, err := d.attachment(req, f.name, f.mime, f.data)
		if err != nil {
			return err
		}
		req.Reply(bot.Reply{Document: a})
	}
	return d.DB.Audit(ctx, storage.AuditEntry{ActorID: req.User.PersonID, Actor: req.User.Role.String(), Action: "export.create",
		ObjectType: "export", Detail: fmt.Sprintf("xlsx=%d docx=%d", xlsx.Len(), docx.Len())})
}

// attachment is a file as the requester's channel takes it: the bytes, or a
// signed link on Zalo when a file host is configured.
func (d *Deps) attachment(req *bot.Request, name, mime string, data []byte) (*bot.Attachment, error) {
	if req.Update.Channel == "zalo" && d.Files != nil {
		url, err := d.Files.Publish(name, data)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", name, err)
		}
		return &bot.Attachment{Name: name, MIME: mime, URL: url}, nil
	}
	return &bot.Attachment{Name: name, MIME: mime, Data: data}, nil
}
