-- Schema 15: reports (issue 13). `report_forms` is city data like the indicators (the
-- bundled `data/report-forms.json` seeds an empty table); `reports` and `report_values`
-- are a unit's own, in its partition. One report per unit, form, period and version: a
-- correction of an accepted report is a new version (`based_on` names the one it
-- corrects). One value row per report and indicator: `value` is the count, the amount in
-- đồng, the numerator of a percent, or 0/1 for yes/no; `denominator` only for a percent.
CREATE TABLE report_forms (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    period      TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    due_days    INTEGER NOT NULL CHECK (due_days >= 0),
    sections    TEXT NOT NULL DEFAULT '[]',
    indicators  TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX report_forms_by_code ON report_forms (code);

CREATE TABLE reports (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_code        TEXT NOT NULL,
    form_code        TEXT NOT NULL,
    period           TEXT NOT NULL,
    version_no       INTEGER NOT NULL CHECK (version_no >= 1),
    status           TEXT NOT NULL
                     CHECK (status IN ('draft', 'signed', 'submitted', 'returned', 'accepted')),
    based_on         TEXT,
    narrative        TEXT NOT NULL DEFAULT '[]',
    section_comments TEXT NOT NULL DEFAULT '[]',
    review_comment   TEXT NOT NULL DEFAULT '',
    signed_by        TEXT NOT NULL DEFAULT '',
    submitted_at     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX reports_by_period ON reports (form_code, period, unit_code);

CREATE TABLE report_values (
    id             TEXT PRIMARY KEY NOT NULL,
    report_id      TEXT NOT NULL,
    indicator_code TEXT NOT NULL,
    value          INTEGER CHECK (value >= 0),
    denominator    INTEGER CHECK (denominator >= 0),
    source         TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'app')),
    note           TEXT NOT NULL DEFAULT '',
    review_comment TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX report_values_by_report ON report_values (report_id, indicator_code);
