-- Schema 4: sync with the city server. Where each partition's pull stands, the conflicts
-- the server recorded, and the local changes it refused.

-- Per partition (`unit:<code>`, `city`), the sequence number of the last pulled change
-- applied. Written in the same transaction as the page of changes it covers.
CREATE TABLE sync_cursors (
    partition TEXT PRIMARY KEY NOT NULL,
    cursor    INTEGER NOT NULL
) STRICT;

-- Two concurrent edits of one field: the value every replica kept and the other one.
-- A synced table whose rows only the server creates (pulled into the partition of the row
-- in conflict); people mark them resolved, which syncs like any change.
-- kept_value and other_value are JSON text (the field's value as it travelled).
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY NOT NULL,
    partition   TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept_value  TEXT NOT NULL,
    kept_actor  TEXT NOT NULL,
    kept_at     TEXT NOT NULL,
    other_value TEXT NOT NULL,
    other_actor TEXT NOT NULL,
    other_at    TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    resolved_by TEXT,
    resolved_at TEXT,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX conflicts_by_state ON conflicts (resolved, detected_at) WHERE deleted = 0;

-- Local changes the server rejected for good, with its reason in both languages: shown to
-- the person who made them, never pushed again. Local only.
CREATE TABLE dead_letters (
    op_id       TEXT PRIMARY KEY NOT NULL,
    partition   TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    code        TEXT NOT NULL,
    reason_vi   TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    rejected_at TEXT NOT NULL
) STRICT;

-- Acknowledging and pulling look up pending entries by row and field.
CREATE INDEX outbox_by_field ON outbox (tbl, row_id, field);
