-- Schema 3: spending norms (city data), budget estimates of tasks with their people and
-- lines (unit data), and each unit's yearly plan.

-- Norms the city publishes, effective-dated. `value` is exact: the decimal × 10 000.
CREATE TABLE norms (
    id             TEXT PRIMARY KEY NOT NULL,
    code           TEXT NOT NULL,
    description    TEXT NOT NULL,
    value          INTEGER NOT NULL CHECK (value >= 0),
    unit           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('cap', 'coefficient', 'ratio', 'target')),
    legal_basis    TEXT NOT NULL,
    effective_from TEXT,
    effective_to   TEXT,
    verified       INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX norms_by_code ON norms (code, effective_from);

-- One version of the estimate of a task for one fiscal year.
CREATE TABLE estimates (
    id             TEXT PRIMARY KEY NOT NULL,
    task_id        TEXT NOT NULL REFERENCES tasks (id),
    year           INTEGER NOT NULL,
    version_no     INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    leader_rate    INTEGER NOT NULL CHECK (leader_rate >= 0),
    -- the date whose norms apply
    estimate_date  TEXT NOT NULL,
    based_on       TEXT,
    review_comment TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX estimates_by_task ON estimates (task_id, year, version_no) WHERE deleted = 0;

CREATE TABLE estimate_people (
    id          TEXT PRIMARY KEY NOT NULL,
    estimate_id TEXT NOT NULL REFERENCES estimates (id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    months      INTEGER NOT NULL CHECK (months >= 0),
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX estimate_people_by_estimate ON estimate_people (estimate_id, position);

CREATE TABLE estimate_lines (
    id             TEXT PRIMARY KEY NOT NULL,
    estimate_id    TEXT NOT NULL REFERENCES estimates (id),
    position       INTEGER NOT NULL,
    grp            TEXT NOT NULL CHECK (grp IN ('labour', 'materials', 'equipment', 'other')),
    content        TEXT NOT NULL,
    unit           TEXT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity >= 0),
    unit_price     INTEGER NOT NULL CHECK (unit_price >= 0),
    own            INTEGER NOT NULL CHECK (own >= 0),
    other          INTEGER NOT NULL CHECK (other >= 0),
    note           TEXT NOT NULL,
    norm_code      TEXT,
    -- the city reviewer's comment on this line
    review_comment TEXT NOT NULL DEFAULT '',
    -- the line of the previous version this one was copied from (to compare versions)
    copied_from    TEXT,
    version        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX estimate_lines_by_estimate ON estimate_lines (estimate_id, position);

-- A unit's annual spending, against which the share for KHCN/ĐMST/CĐS is measured.
CREATE TABLE unit_plans (
    id                TEXT PRIMARY KEY NOT NULL,
    unit_code         TEXT NOT NULL,
    year              INTEGER NOT NULL,
    annual_spending   INTEGER NOT NULL CHECK (annual_spending >= 0),
    version           INTEGER NOT NULL DEFAULT 0,
    deleted           INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX unit_plans_by_year ON unit_plans (unit_code, year) WHERE deleted = 0;
