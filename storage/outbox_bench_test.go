package storage

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkDueOutbox reads the next page of a 20,000-message broadcast,
// what the sender does once per page while it empties the outbox.
func BenchmarkDueOutbox(b *testing.B) {
	db := openBench(b)
	ctx := context.Background()
	msgs := make([]OutMsg, 20000)
	for i := range msgs {
		msgs[i] = OutMsg{Channel: "telegram", ChatID: strconv.Itoa(5000000 + i), Payload: []byte(`{"text":"Thông báo: lớp bồi dưỡng kỹ năng số khai giảng ngày 15/11/2026 tại hội trường xã."}`), Priority: 1}
	}
	if _, err := db.Enqueue(ctx, msgs); err != nil {
		b.Fatal(err)
	}
	exclude := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		due, err := db.DueOutbox(ctx, "telegram", 256, exclude)
		if err != nil || len(due) != 256 {
			b.Fatalf("DueOutbox = %d, %v", len(due), err)
		}
	}
}

func openBench(b *testing.B) *DB {
	b.Helper()
	db, err := Open(context.Background(), b.TempDir()+"/b.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}
