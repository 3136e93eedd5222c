package export

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"testing"
)

func TestStatusChartIsPNG(t *testing.T) {
	f := newFixture(t)
	f.typical()
	ctx := context.Background()
	ps, err := f.db.PeriodStatus(ctx, 2026, f.opt.Plan.DeadlineIn(2026, hcm), f.opt.rules(), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := StatusChart(ps, 80)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w < 640 {
		t.Errorf("chart width %d, want ≥ 640", w)
	}
	if p := os.Getenv("CHART_OUT"); p != "" {
		os.WriteFile(p, b, 0o600)
	}
}
