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

CREATE INDEX tasks_by_kind ON tasks (kind, updated_at);
CREATE INDEX tasks_by_year ON tasks (year, updated_at);

-- Folded (lower-case, diacritics removed in Rust) text of each task, keyed by tasks.rowid.
-- Contentless: the text itself lives in `tasks`; this holds only the index.
CREATE VIRTUAL TABLE tasks_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
