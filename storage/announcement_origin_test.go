package storage

import (
	"context"
	"testing"
)

// Creating an announcement again from the same update (the confirmation
// handled a second time after a crash) returns the first one.
func TestCreateAnnouncementSameOriginOnce(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	a := Announcement{Body: "Thông báo", Audience: Audience{Kind: AudienceAll}, Origin: "telegram:42"}
	id1, _, err := db.CreateAnnouncement(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	id2, _, err := db.CreateAnnouncement(ctx, a, nil)
	if err != nil || id2 != id1 {
		t.Fatalf("second create = %d, %v; want the first id %d", id2, err, id1)
	}
	a.Origin = "telegram:43"
	if id3, _, _ := db.CreateAnnouncement(ctx, a, nil); id3 == id1 {
		t.Error("another update's announcement got the same id")
	}
	a.Origin = ""
	id4, _, _ := db.CreateAnnouncement(ctx, a, nil)
	id5, _, _ := db.CreateAnnouncement(ctx, a, nil)
	if id4 == id5 {
		t.Error("announcements without origin were merged")
	}
}
