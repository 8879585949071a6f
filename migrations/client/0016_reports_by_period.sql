-- The city's roll-up reads every report of one period (issue 13): reports by period, then
-- unit, form and version (the latest received version of each unit's report is found in
-- the index), and their values by report.
CREATE INDEX reports_by_period_unit ON reports (period, unit_code, form_code, version_no);
