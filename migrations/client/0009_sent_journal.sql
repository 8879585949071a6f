-- What this laptop has sent and the server acknowledged, kept for 30 days: if the city
-- restores its server from a backup (or loses its last writes), the laptop sends these
-- again; the server answers those it still has as replays and stores the rest. Local
-- only. The identity of the server's history this laptop last saw is `sync.history` in
-- local_meta.
CREATE TABLE sent_ops (
    seq          INTEGER PRIMARY KEY,
    op_id        TEXT NOT NULL UNIQUE,
    partition    TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    hlc          TEXT NOT NULL,
    acked_at     TEXT NOT NULL
) STRICT;

CREATE INDEX sent_ops_by_ack ON sent_ops (acked_at);
