-- Sync at the speed of the disk (issue 10, item 11).

-- This laptop's own changes that the server numbered in its answers to a push (applied):
-- the laptop holds them already, names them in its pulls (`PullRequest::held`), and the
-- server leaves out those it stored exactly as sent. When a pull's cursor passes one, its
-- row's version rises to it, as if the change had been pulled back; then it is forgotten.
CREATE TABLE sync_held (
    partition TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    PRIMARY KEY (partition, seq)
) STRICT, WITHOUT ROWID;

-- An op queued again after the server's history was rolled back (a restore): the server
-- may hold other values now, so its answer is not a claim; the pull brings it back.
ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
