-- The city server's schema (SQLite). Append-only: a change is a new numbered file.
-- Timestamps are UTC RFC 3339 text with milliseconds; ids are UUID text.

CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL
                CHECK (role IN ('unit_official', 'unit_lead', 'city_reviewer', 'city_admin')),
  unit_code     TEXT REFERENCES units (code),
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  -- Unit roles belong to exactly one unit; city roles to none.
  CHECK ((role IN ('unit_official', 'unit_lead')) = (unit_code IS NOT NULL))
);

-- One row per installation of the app. token_hash is NULL after a sign-out or a revocation.
CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id),
  name         TEXT NOT NULL,
  token_hash   TEXT UNIQUE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX devices_by_user ON devices (user_id);

-- The last sequence number given in each partition (one sequence per partition).
CREATE TABLE partitions (
  name     TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- Every stored change, in the order each partition's replicas apply them.
CREATE TABLE changes (
  partition TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  tbl       TEXT NOT NULL,
  row_id    TEXT NOT NULL,
  field     TEXT NOT NULL,
  value     TEXT NOT NULL,
  hlc       TEXT NOT NULL,
  device_id TEXT NOT NULL,
  actor     TEXT NOT NULL,
  op_id     TEXT,
  PRIMARY KEY (partition, seq)
) WITHOUT ROWID;

-- The current value of every field, with the version (seq) and stamp that wrote it.
CREATE TABLE fields (
  tbl       TEXT NOT NULL,
  row_id    TEXT NOT NULL,
  field     TEXT NOT NULL,
  value     TEXT NOT NULL,
  version   INTEGER NOT NULL,
  hlc       TEXT NOT NULL,
  device_id TEXT NOT NULL,
  actor     TEXT NOT NULL,
  PRIMARY KEY (tbl, row_id, field)
) WITHOUT ROWID;

-- Which partition each row lives in.
CREATE TABLE rows (
  tbl       TEXT NOT NULL,
  row_id    TEXT NOT NULL,
  partition TEXT NOT NULL,
  PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

-- The answer given to every op, so a replay gets the same answer.
CREATE TABLE ops (
  op_id  TEXT PRIMARY KEY,
  result TEXT NOT NULL
) WITHOUT ROWID;
