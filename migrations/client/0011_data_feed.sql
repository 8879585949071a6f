-- Screens follow the data (issue 12, item 1).

-- What changed in this replica without the window asking for it: rows a pull wrote, and
-- fields a push's answer set back to the value the server keeps (a lost conflict, a
-- refused edit). The window reads it after each sync round (`data_changes`), re-reads
-- what it shows and tells the person what arrived. Only the newest entries are kept
-- (`feed::KEEP`); a window further behind re-reads everything it shows.
CREATE TABLE data_feed (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    -- A column, or `*` for a whole new row.
    field  TEXT NOT NULL,
    -- 'pulled', 'conflict' (the other device's value kept) or 'refused'.
    why    TEXT NOT NULL
) STRICT;
