-- Xã Số client store, schema 1: local settings, units, the change outbox, tasks and their
-- transition history. Append-only: never edit a migration that has landed; add a new one.

-- Settings of this installation (device id, clock, profile, language). Local only: never synced.
CREATE TABLE local_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- The 168 commune-level units: city reference data (partition `city`).
CREATE TABLE units (
    code        TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 5),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('phuong', 'xa', 'dac_khu')),
    name_folded TEXT NOT NULL
) STRICT;

-- Every local change to a synced table, appended in the same transaction as the change.
-- `field` is a column name, or '*' for a whole new row (value = the row as JSON).
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY,
    op_id        TEXT NOT NULL UNIQUE,
    partition    TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    hlc          TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE tasks (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_code        TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('khcn', 'dmst', 'cds')),
    status           TEXT NOT NULL,
    year             INTEGER NOT NULL,
    name             TEXT NOT NULL,
    field            TEXT NOT NULL,
    task_type        TEXT NOT NULL,
    basis            TEXT NOT NULL,
    urgency          TEXT NOT NULL,
    objectives       TEXT NOT NULL,
    contents         TEXT NOT NULL,
    expected_results TEXT NOT NULL,
    impact           TEXT NOT NULL,
    cost_state       INTEGER NOT NULL CHECK (cost_state >= 0),
    cost_own         INTEGER NOT NULL CHECK (cost_own >= 0),
    cost_other       INTEGER NOT NULL CHECK (cost_other >= 0),
    start_date       TEXT,
    end_date         TEXT,
    host_unit        TEXT NOT NULL,
    leader           TEXT NOT NULL,
    results_usage    TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- the server's version of this row when it was last pulled (0: never synced)
    version          INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX tasks_by_updated ON tasks (updated_at);
CREATE INDEX tasks_by_status ON tasks (status, updated_at);

CREATE TABLE task_transitions (
    id          TEXT PRIMARY KEY NOT NULL,
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    comment     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX task_transitions_by_task ON task_transitions (task_id, at);
