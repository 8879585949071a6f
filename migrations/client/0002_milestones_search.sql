-- Schema 2: milestones of a task, more list indexes, and diacritics-free full-text search.

CREATE TABLE milestones (
    id          TEXT PRIMARY KEY NOT NULL,
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    title       TEXT NOT NULL,
    responsible TEXT NOT NULL,
    unit        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX milestones_by_task ON milestones (task_id, due_date);

-- The task list filters by any combination of status, kind and fiscal year and shows the
-- newest first: one partial index (live rows only) per combination, each ending in
-- updated_at, so that every page and its capped count are read straight off an index.
-- They replace schema 1's two indexes, which also covered deleted rows.
DROP INDEX tasks_by_updated;
DROP INDEX tasks_by_status;
CREATE INDEX tasks_live ON tasks (updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_s ON tasks (status, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_k ON tasks (kind, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_y ON tasks (year, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_sk ON tasks (status, kind, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_sy ON tasks (status, year, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_ky ON tasks (kind, year, updated_at) WHERE deleted = 0;
CREATE INDEX tasks_live_sky ON tasks (status, kind, year, updated_at) WHERE deleted = 0;

-- Folded (lower-case, diacritics removed in Rust) text of each task, keyed by tasks.rowid.
-- Contentless: the text itself lives in `tasks`; this holds only the index.
-- Prefix indexes for 2- and 3-letter prefixes: the word being typed is matched as a
-- prefix, and short prefixes ("du", "ngu") would otherwise merge many words' lists.
CREATE VIRTUAL TABLE tasks_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);
