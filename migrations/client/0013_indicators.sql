-- Schema 13: KPI indicators (issue 13), city data like the norms. The bundled
-- `data/kpi-examples.csv` seeds an empty table on first start; the city's administrators
-- edit them, and sync brings the city's list to every laptop (partition `city`).
-- `target` is in hundredths of the indicator's display unit: 80 % is 8000, 12 tasks 1200
-- (`xaso_domain::kpi::Indicator::target_hundredths`).
CREATE TABLE indicators (
    id             TEXT PRIMARY KEY NOT NULL,
    code           TEXT NOT NULL,
    name_vi        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    field          TEXT NOT NULL CHECK (field IN ('khcn', 'dmst', 'cds', 'all')),
    measure        TEXT NOT NULL CHECK (measure IN ('count', 'percent', 'amount', 'yes_no')),
    aggregation    TEXT NOT NULL
                   CHECK (aggregation IN ('sum', 'ratio_of_sums', 'mean', 'share_yes')),
    period         TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    direction      TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    target         INTEGER CHECK (target >= 0),
    from_app_data  TEXT NOT NULL,
    source         TEXT NOT NULL,
    effective_from TEXT,
    effective_to   TEXT,
    verified       INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX indicators_by_code ON indicators (code);
