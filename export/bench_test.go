package export

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// BenchmarkExportWorkbook exports 10,000 staff and 100,000 trainings to
// .xlsx (SPEC §10: ≤ 3 s). Run with
//
//	go test -run XXX -bench Export -benchtime 1x ./export
//
// It reports the peak Go heap during the export (peak-heap-MB), sampled
// every 5 ms, besides the usual time and allocations.
func BenchmarkExportWorkbook(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	f.seed.Bulk(ctx, 10000, 100000)
	f.seed.Checkpoint()
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := samplePeakHeap(&peak)
		var n countWriter
		if err := Workbook(ctx, &n, f.db, f.opt); err != nil {
			b.Fatal(err)
		}
		stop()
		b.ReportMetric(float64(n)/1e6, "xlsx-MB")
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkExportReport builds the consolidated .docx over the same data.
func BenchmarkExportReport(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	f.seed.Bulk(ctx, 10000, 100000)
	f.seed.Checkpoint()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Report(ctx, io.Discard, f.db, f.opt); err != nil {
			b.Fatal(err)
		}
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// samplePeakHeap records the largest heap (live objects plus unswept
// garbage) seen until stop is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	runtime.GC()
	var wg sync.WaitGroup
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
