-- Schema 6: training. Programmes, sessions, materials and quiz questions are city data
-- (partition `city`); trainees, attendance, quiz attempts and material openings are each
-- unit's own (partition `unit:<code>`). Enumerations are not CHECKed: a value a later
-- version adds must not stop a pull (the app shows what it does not know as it is).

CREATE TABLE training_programmes (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE training_sessions (
    id            TEXT PRIMARY KEY NOT NULL,
    programme_id  TEXT NOT NULL REFERENCES training_programmes (id),
    title         TEXT NOT NULL,
    topic         TEXT NOT NULL DEFAULT '',
    -- RFC 3339 UTC
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    -- in_person | online | hybrid
    format        TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    online_link   TEXT NOT NULL DEFAULT '',
    speakers      TEXT NOT NULL DEFAULT '',
    -- `all`, or unit codes separated by commas
    bridge_points TEXT NOT NULL DEFAULT 'all',
    description   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX training_sessions_by_programme ON training_sessions (programme_id, starts_at);

-- A file attached to a programme (session_id NULL) or to one of its sessions. The bytes
-- are content-addressed: `sha256` names the file in the blob store, so a file attached
-- twice is stored once.
CREATE TABLE materials (
    id           TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES training_programmes (id),
    session_id   TEXT REFERENCES training_sessions (id),
    topic        TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    file_name    TEXT NOT NULL,
    media_type   TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX materials_by_programme ON materials (programme_id, session_id);
CREATE INDEX materials_by_file ON materials (sha256);

CREATE TABLE quiz_questions (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    position   INTEGER NOT NULL,
    prompt     TEXT NOT NULL,
    multiple   INTEGER NOT NULL DEFAULT 0,
    -- JSON: the options' text, and the indexes of the right ones
    options    TEXT NOT NULL,
    correct    TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX quiz_questions_by_session ON quiz_questions (session_id, position);

CREATE TABLE trainees (
    id         TEXT PRIMARY KEY NOT NULL,
    unit_code  TEXT NOT NULL,
    full_name  TEXT NOT NULL,
    position   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 0,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX trainees_by_unit ON trainees (unit_code, full_name);

CREATE TABLE attendance (
    id            TEXT PRIMARY KEY NOT NULL,
    session_id    TEXT NOT NULL REFERENCES training_sessions (id),
    unit_code     TEXT NOT NULL,
    trainee_id    TEXT NOT NULL REFERENCES trainees (id),
    -- the name at check-in, so a list reads right even before the trainee row arrives
    trainee_name  TEXT NOT NULL,
    -- in_person | online
    mode          TEXT NOT NULL,
    checked_in_at TEXT NOT NULL,
    checked_in_by TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX attendance_by_session ON attendance (session_id, unit_code);
CREATE INDEX attendance_by_trainee ON attendance (trainee_id);

CREATE TABLE quiz_attempts (
    id           TEXT PRIMARY KEY NOT NULL,
    session_id   TEXT NOT NULL REFERENCES training_sessions (id),
    unit_code    TEXT NOT NULL,
    trainee_id   TEXT NOT NULL REFERENCES trainees (id),
    trainee_name TEXT NOT NULL,
    -- JSON: [{question_id, chosen, correct}]
    answers      TEXT NOT NULL,
    score        INTEGER NOT NULL,
    out_of       INTEGER NOT NULL,
    answered_at  TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX quiz_attempts_by_session ON quiz_attempts (session_id, unit_code);
CREATE INDEX quiz_attempts_by_trainee ON quiz_attempts (trainee_id);

-- Someone of a unit opened a material (a trainee's progress counts what they opened).
CREATE TABLE material_openings (
    id          TEXT PRIMARY KEY NOT NULL,
    material_id TEXT NOT NULL REFERENCES materials (id),
    unit_code   TEXT NOT NULL,
    person      TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX material_openings_by_person ON material_openings (person);

-- Local only (never synced) from here.

-- The library's search: folded title, description, topic, file name and the text of the
-- file (PDFs, extracted on arrival), keyed by materials.rowid. Kept up to date like the
-- tasks' index (schema 5): writes queue the material, `Store::catch_up_search` indexes.
CREATE VIRTUAL TABLE materials_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE materials_unindexed (
    id TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

-- Text extracted from a file of the blob store (PDF), by content address.
CREATE TABLE file_texts (
    sha256       TEXT PRIMARY KEY NOT NULL,
    text         TEXT NOT NULL,
    extracted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Files this laptop should move: `down` = download (asked for, or of a programme kept
-- offline), `up` = upload (a material published here, not yet on the server).
CREATE TABLE file_transfers (
    sha256       TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('down', 'up')),
    requested_at TEXT NOT NULL,
    PRIMARY KEY (sha256, direction)
) STRICT, WITHOUT ROWID;

-- Programmes whose every material this laptop keeps offline.
CREATE TABLE offline_programmes (
    programme_id TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
