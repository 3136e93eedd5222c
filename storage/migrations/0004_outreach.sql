-- 0004_outreach: subscribers, announcements, vacancies and the talent pool
-- (issue 7). Adds what 0001 lacks; never edit once landed.

-- announcement: vacancy_id links a vacancy's publication; last_occurrence is
-- the latest cron occurrence already queued (UTC), so a restart neither
-- skips nor repeats one.
ALTER TABLE announcement ADD COLUMN vacancy_id INTEGER REFERENCES vacancy(id);
ALTER TABLE announcement ADD COLUMN last_occurrence TEXT;
CREATE INDEX announcement_status ON announcement(status);

ALTER TABLE vacancy ADD COLUMN published_at TEXT;

-- A person says "interested" once per vacancy.
CREATE UNIQUE INDEX candidate_lead ON candidate(vacancy_id, person_id)
    WHERE person_id IS NOT NULL AND vacancy_id IS NOT NULL;
CREATE INDEX candidate_person ON candidate(person_id);
CREATE INDEX candidate_nominator ON candidate(nominator_id);

CREATE INDEX outbox_announcement ON outbox(announcement_id, state);
CREATE INDEX outbox_chat ON outbox(channel, chat_id);

-- The last message to a resident who erased their data (dedup_key
-- 'forget:…') is removed as soon as the sender is done with it, so no row
-- keeps their chat id.
CREATE TRIGGER outbox_forget_done AFTER UPDATE OF state ON outbox
    WHEN NEW.state <> 'pending' AND NEW.dedup_key LIKE 'forget:%'
BEGIN
    DELETE FROM outbox WHERE id = NEW.id;
END;
