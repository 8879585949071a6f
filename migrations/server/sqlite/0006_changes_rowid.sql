-- `changes` becomes an ordinary (rowid) table (issue 10, item 11).
--
-- A WITHOUT ROWID table keeps its rows in an index b-tree, which stores at most ~1 000
-- bytes of a row on its leaf page (with 4 KiB pages). A new task's creation change is
-- ~1.3 kB, so every one spilled a ~300-byte tail into an overflow page of its own: a push
-- of 1 000 new tasks wrote ~1 100 pages (4.5 MB) instead of ~350, and a pull read them
-- back one page per row. In a rowid table a row of up to ~4 000 bytes stays on its leaf;
-- (partition, seq) stays unique and is the index a pull walks.
CREATE TABLE changes_by_rowid (
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
  as_sent   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (partition, seq)
);

INSERT INTO changes_by_rowid
  (partition, seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent)
SELECT partition, seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent
FROM changes
ORDER BY partition, seq;

DROP TABLE changes;
ALTER TABLE changes_by_rowid RENAME TO changes;
