-- 0008_announcement_origin: the update that created an announcement, so that
-- handling the same confirmation again after a crash (the announcement is
-- committed before the update is marked handled) finds the announcement
-- instead of creating and queueing a second one.
ALTER TABLE announcement ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX announcement_origin ON announcement(origin) WHERE origin IS NOT NULL;
