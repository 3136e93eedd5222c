package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
)

// Fetcher downloads a file a user sent (Update.Document); each channel
// adapter that receives files implements it.
type Fetcher interface {
	Fetch(ctx context.Context, f bot.FileRef) ([]byte, error)
}

// maxImportFile bounds a file sent for import.
const maxImportFile = 10 << 20

// maxErrorLines bounds the row errors listed in one message.
const maxErrorLines = 20

// importStaff runs /nhap: the admin sends the roster template (.xlsx or
// .csv), sees every bad row, and confirms; nothing is saved before that.
func (d *Deps) importStaff(ctx context.Context, req *bot.Request) error {
	return req.Start(ctx, "import", nil)
}

func (d *Deps) importFlow() *bot.Flow {
	return &bot.Flow{Name: "import", Title: titleImport, Steps: []bot.Step{
		{Key: "file", Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			return bot.Reply{Text: fmt.Sprintf(askImportFile, export.SheetRoster)}, nil
		}, Handle: d.importFile},
		{Key: "confirm", Prompt: d.importConfirmPrompt, Handle: d.importConfirm},
	}}
}

// importFile reads and checks the file; the valid and bad row counts and
// the file reference are kept for the confirmation.
func (d *Deps) importFile(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if in.Document == nil {
		return "", bot.Errorf(bot.Invalid, msgImportNeedFile)
	}
	rows, bad, err := d.readImport(ctx, *in.Document)
	if err != nil {
		return "", err
	}
	if len(bad) > 0 {
		req.Say(rowErrors(bad))
	}
	if len(rows) == 0 {
		req.Say(msgImportNothingValid)
		return bot.Stay, nil
	}
	c.Set("file_id", in.Document.ID)
	c.Set("file_url", in.Document.URL)
	c.Set("file_name", in.Document.Name)
	c.Set("valid", strconv.Itoa(len(rows)))
	c.Set("bad", strconv.Itoa(len(bad)))
	return bot.NextStep, nil
}

func (d *Deps) importConfirmPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	valid, bad := c.Get("valid"), c.Get("bad")
	if bad == "0" {
		return bot.Reply{Text: fmt.Sprintf(msgImportAllValid, valid),
			Choices: []bot.Choice{{ID: idYes, Label: lblImport}, {ID: idCancel, Label: lblCancel}}}, nil
	}
	return bot.Reply{Text: fmt.Sprintf(msgImportSomeBad, bad, valid),
		Choices: []bot.Choice{{ID: idYes, Label: fmt.Sprintf(lblImportValid, valid)}, {ID: idCancel, Label: lblCancel}}}, nil
}

// importConfirm fetches the file again and saves the valid rows in one
// transaction: only rows that were valid when the admin confirmed.
func (d *Deps) importConfirm(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case idCancel:
		req.Say(routerMessages.Cancelled)
		return bot.End, nil
	case idYes:
	default:
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	ref := bot.FileRef{ID: c.Get("file_id"), URL: c.Get("file_url"), Name: c.Get("file_name")}
	rows, bad, err := d.readImport(ctx, ref)
	if err != nil {
		return "", err
	}
	if strconv.Itoa(len(rows)) != c.Get("valid") || strconv.Itoa(len(bad)) != c.Get("bad") {
		return "", bot.Errorf(bot.Conflict, msgImportChanged)
	}
	staff := make([]storage.Staff, len(rows))
	for i, r := range rows {
		staff[i] = r.Staff
	}
	res, err := d.DB.ImportStaff(ctx, staff, req.User.PersonID, req.User.Role.String(), "chat:"+ref.Name)
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgImportDone, res.Created, res.Updated, res.Unchanged, len(bad)))
	return bot.End, nil
}

// readImport downloads and parses a file; file-level problems are user
// errors.
func (d *Deps) readImport(ctx context.Context, ref bot.FileRef) ([]export.ImportRow, []export.RowError, error) {
	if d.Fetcher == nil {
		return nil, nil, bot.Errorf(bot.Invalid, msgImportNoFetcher)
	}
	if ref.Size > maxImportFile {
		return nil, nil, bot.Errorf(bot.Invalid, msgImportTooBig, maxImportFile>>20)
	}
	data, err := d.Fetcher.Fetch(ctx, ref)
	if err != nil {
		return nil, nil, bot.Wrap(bot.Invalid, msgImportFetchFailed, err)
	}
	if len(data) > maxImportFile {
		return nil, nil, bot.Errorf(bot.Invalid, msgImportTooBig, maxImportFile>>20)
	}
	units, err := d.DB.Units(ctx)
	if err != nil {
		return nil, nil, err
	}
	im := export.Importer{Plan: d.Plan, Units: units, Now: d.now()}
	rows, bad, err := im.Parse(ref.Name, data)
	var fe *export.FileError
	if errors.As(err, &fe) {
		return nil, nil, bot.Errorf(bot.Invalid, "%s", fe.Msg)
	}
	return rows, bad, err
}

// rowErrors lists the bad rows, at most maxErrorLines of them.
func rowErrors(bad []export.RowError) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgImportErrorsHeader, len(bad))
	for i, e := range bad {
		if i == maxErrorLines {
			fmt.Fprintf(&b, "\n"+msgImportMoreErrors, len(bad)-i)
			break
		}
		b.WriteString("\n" + e.String())
	}
	return b.String()
}
