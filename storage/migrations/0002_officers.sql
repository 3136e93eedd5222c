-- 0002_officers: the unit officers' work (roster, training, report review,
-- feedback). Never edit once landed: add a new migration instead.

-- report_review: every decision of the office on a submitted version of a
-- unit report (report.review keeps only the latest one).
CREATE TABLE report_review (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES report(id),
    version     INTEGER NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
    comments    TEXT NOT NULL DEFAULT '{}',
    reviewed_at TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES person(id)
);
CREATE INDEX report_review_report ON report_review(report_id, id);

-- Duplicate checks on the roster (national ID; name and birth year).
CREATE INDEX staff_national_id ON staff(national_id) WHERE national_id <> '';
CREATE INDEX staff_birth_year ON staff(birth_year);

-- "My recent entries" in /daotao.
CREATE INDEX training_created_by ON training(created_by, id);

-- Open feedback for the office; feedback of a unit in a year.
CREATE INDEX feedback_open ON feedback(answered_at, id);
CREATE INDEX feedback_unit ON feedback(unit_id, created_at);
