-- The city server's schema (PostgreSQL). Append-only: a change is a new numbered file.

CREATE TABLE units (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL
);

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  role          text NOT NULL
                CHECK (role IN ('unit_official', 'unit_lead', 'city_reviewer', 'city_admin')),
  unit_code     text REFERENCES units (code),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL,
  -- Unit roles belong to exactly one unit; city roles to none.
  CHECK ((role IN ('unit_official', 'unit_lead')) = (unit_code IS NOT NULL))
);

-- One row per installation of the app. token_hash is NULL after a sign-out or a revocation.
CREATE TABLE devices (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id),
  name         text NOT NULL,
  token_hash   text UNIQUE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX devices_by_user ON devices (user_id);

-- The last sequence number given in each partition. Pushes lock their partitions' rows
-- (FOR UPDATE, in name order) so two pushes to one partition are serialized.
CREATE TABLE partitions (
  name     text PRIMARY KEY,
  last_seq bigint NOT NULL
);

-- Every stored change, in the order each partition's replicas apply them.
CREATE TABLE changes (
  partition text NOT NULL,
  seq       bigint NOT NULL,
  tbl       text NOT NULL,
  row_id    text NOT NULL,
  field     text NOT NULL,
  value     text NOT NULL,
  hlc       text NOT NULL,
  device_id uuid NOT NULL,
  actor     text NOT NULL,
  op_id     uuid,
  PRIMARY KEY (partition, seq)
);

-- The current value of every field, with the version (seq) and stamp that wrote it.
CREATE TABLE fields (
  tbl       text NOT NULL,
  row_id    text NOT NULL,
  field     text NOT NULL,
  value     text NOT NULL,
  version   bigint NOT NULL,
  hlc       text NOT NULL,
  device_id uuid NOT NULL,
  actor     text NOT NULL,
  PRIMARY KEY (tbl, row_id, field)
);

-- Which partition each row lives in.
CREATE TABLE rows (
  tbl       text NOT NULL,
  row_id    text NOT NULL,
  partition text NOT NULL,
  PRIMARY KEY (tbl, row_id)
);

-- The answer given to every op, so a replay gets the same answer.
CREATE TABLE ops (
  op_id  uuid PRIMARY KEY,
  result text NOT NULL
);
