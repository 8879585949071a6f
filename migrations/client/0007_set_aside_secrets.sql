-- Schema 7: a pull never wedges, and the device token leaves the database.

-- Pulled changes this replica could not apply (a value its column cannot hold, a broken
-- CHECK, a "row" that is not an object): set aside with the reason, so that the cursor
-- moves past them and every other change keeps flowing. Local only; shown on the sync
-- screen and by `xaso refused`. `value` is the change's JSON, cut to a few KiB
-- (`value_cut` = 1 when it was cut).
CREATE TABLE pulled_set_aside (
    partition    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    value_cut    INTEGER NOT NULL DEFAULT 0 CHECK (value_cut IN (0, 1)),
    hlc          TEXT NOT NULL,
    actor        TEXT NOT NULL,
    code         TEXT NOT NULL,
    reason_vi    TEXT NOT NULL,
    reason_en    TEXT NOT NULL,
    set_aside_at TEXT NOT NULL,
    PRIMARY KEY (partition, seq)
) STRICT;

-- The device token (`sync.token`) moves to the system keyring, or a 0600 file outside the
-- data folder, when the store is opened (Rust: `Store::open_with`, it needs the secret
-- store); that step deletes it from here with secure_delete on, so neither this file nor
-- a backup of it carries the token.
