-- 0007_office: indexes for the office's view (status, export, import).
-- The import matches existing staff by national ID, else by unit, name and
-- birth year; status counts open feedback and reads a period's reports.
CREATE INDEX ix_office_staff_national_id ON staff(national_id) WHERE national_id <> '';
CREATE INDEX ix_office_staff_match ON staff(unit_id, full_name, birth_year);
CREATE INDEX ix_office_feedback_open ON feedback(unit_id) WHERE answered_at IS NULL;
CREATE INDEX ix_office_report_period ON report(period, unit_id);
