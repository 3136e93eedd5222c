-- 0001_init: the tables of SPEC §7. Times are UTC, RFC 3339 text; dates are
-- ISO yyyy-mm-dd text. Never edit once landed: add a new migration instead.

CREATE TABLE plan (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    name      TEXT NOT NULL,
    source    TEXT NOT NULL,
    body      TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE unit (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES unit(id),
    is_lead    INTEGER NOT NULL DEFAULT 0,
    duties     TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- person: one human; identities of several channels may point to one person.
CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT 'stranger'
               CHECK (role IN ('stranger', 'resident', 'officer', 'admin')),
    unit_id    INTEGER REFERENCES unit(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE identity (
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    person_id    INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL DEFAULT '',
    chat_id      TEXT NOT NULL DEFAULT '',
    blocked_at   TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX identity_person ON identity(person_id);

CREATE TABLE invite (
    code       TEXT PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES unit(id),
    created_by INTEGER REFERENCES person(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    used_by    INTEGER REFERENCES person(id)
);

CREATE TABLE link_code (
    code       TEXT PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE staff (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES unit(id),
    full_name    TEXT NOT NULL,
    birth_year   INTEGER NOT NULL,
    sex          TEXT NOT NULL DEFAULT '',
    ethnic_code  TEXT NOT NULL,
    national_id  TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL,
    position     TEXT NOT NULL DEFAULT '',
    level_professional TEXT NOT NULL DEFAULT '',
    level_political    TEXT NOT NULL DEFAULT '',
    level_state_mgmt   TEXT NOT NULL DEFAULT '',
    level_digital      TEXT NOT NULL DEFAULT '',
    in_planning  INTEGER NOT NULL DEFAULT 0,
    joined_on    TEXT,
    left_on      TEXT,
    created_by   INTEGER REFERENCES person(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX staff_unit ON staff(unit_id);

CREATE TABLE training (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    area        TEXT NOT NULL,
    course      TEXT NOT NULL,
    organiser   TEXT NOT NULL DEFAULT '',
    from_on     TEXT NOT NULL,
    to_on       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('registered', 'attending', 'completed')),
    certificate TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES person(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX training_staff ON training(staff_id);
CREATE INDEX training_unit ON training(unit_id);

CREATE TABLE report (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES unit(id),
    period       INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
    answers      TEXT NOT NULL DEFAULT '{}',
    version      INTEGER NOT NULL DEFAULT 0,
    late         INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES person(id),
    review       TEXT NOT NULL DEFAULT '{}',
    reviewed_at  TEXT,
    reviewed_by  INTEGER REFERENCES person(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (unit_id, period)
);

CREATE TABLE report_version (
    report_id    INTEGER NOT NULL REFERENCES report(id),
    version      INTEGER NOT NULL,
    answers      TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES person(id),
    PRIMARY KEY (report_id, version)
);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    person_id   INTEGER REFERENCES person(id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    answer      TEXT,
    answered_by INTEGER REFERENCES person(id),
    answered_at TEXT
);

CREATE TABLE subscriber (
    person_id       INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    consent_version TEXT NOT NULL,
    consent_at      TEXT NOT NULL,
    village         TEXT NOT NULL DEFAULT '',
    interests       TEXT NOT NULL DEFAULT '',
    opted_out_at    TEXT
);

CREATE TABLE announcement (
    id         INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    photo      TEXT NOT NULL DEFAULT '',
    audience   TEXT NOT NULL,
    schedule   TEXT NOT NULL DEFAULT '',
    send_at    TEXT,
    status     TEXT NOT NULL DEFAULT 'draft',
    created_by INTEGER REFERENCES person(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE vacancy (
    id            INTEGER PRIMARY KEY,
    position      TEXT NOT NULL,
    unit_id       INTEGER REFERENCES unit(id),
    quota         INTEGER NOT NULL DEFAULT 1,
    requirements  TEXT NOT NULL DEFAULT '',
    deadline      TEXT,
    contact       TEXT NOT NULL DEFAULT '',
    priority_note TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'open',
    created_by    INTEGER REFERENCES person(id),
    created_at    TEXT NOT NULL,
    closed_at     TEXT
);

CREATE TABLE candidate (
    id              INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL,
    village         TEXT NOT NULL DEFAULT '',
    ethnic_code     TEXT NOT NULL DEFAULT '',
    education_level TEXT NOT NULL DEFAULT '',
    field           TEXT NOT NULL DEFAULT '',
    excellent       INTEGER NOT NULL DEFAULT 0,
    experience      TEXT NOT NULL DEFAULT '',
    military        INTEGER NOT NULL DEFAULT 0,
    nominated_by    TEXT NOT NULL DEFAULT 'self',
    nominator_id    INTEGER REFERENCES person(id),
    person_id       INTEGER REFERENCES person(id) ON DELETE CASCADE,
    vacancy_id      INTEGER REFERENCES vacancy(id),
    consent_at      TEXT,
    created_at      TEXT NOT NULL
);

-- outbox: every message the bot sends, replies included. dedup_key makes a
-- scheduled reminder unique per (unit, period, step, recipient).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    payload         TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sent', 'failed', 'blocked')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    announcement_id INTEGER REFERENCES announcement(id),
    dedup_key       TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(state, channel, priority, next_try_at);

CREATE TABLE job_run (
    id            INTEGER PRIMARY KEY,
    job           TEXT NOT NULL,
    scheduled_for TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    result        TEXT NOT NULL DEFAULT 'running',
    error         TEXT NOT NULL DEFAULT '',
    UNIQUE (job, scheduled_for)
);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(id DESC);

-- inbound: platform updates stored before they are acknowledged.
CREATE TABLE inbound (
    channel     TEXT NOT NULL,
    update_key  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at  TEXT,
    PRIMARY KEY (channel, update_key)
);
CREATE INDEX inbound_pending ON inbound(channel, handled_at);

CREATE TABLE conversation (
    channel    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    flow       TEXT NOT NULL,
    state      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
