-- Schema 5: tasks a pull wrote whose search entry is not up to date yet.
--
-- Applying a pulled page writes the rows and queues their ids here, in the page's own
-- transaction; the search index catches up right after the pull (and before any search),
-- in batches. A fresh laptop's first pull is then not held back by folding and indexing
-- every task's text row by row, and a crash in between loses nothing: the queue is as
-- durable as the rows.
CREATE TABLE tasks_unindexed (
    id TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
