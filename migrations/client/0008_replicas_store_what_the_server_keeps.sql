-- A replica stores every row the server keeps. Two laptops of one unit, offline, can
-- each make the unit's plan for a year, or version 1 of a task's estimate: both rows are
-- real work, the server keeps both, and a unique index here would refuse the second one
-- at every pull. The indexes stay (the lookups use them), without uniqueness; the reads
-- pick one row deterministically (the earliest id) where they want one.
DROP INDEX unit_plans_by_year;
CREATE INDEX unit_plans_by_year ON unit_plans (unit_code, year) WHERE deleted = 0;
DROP INDEX estimates_by_task;
CREATE INDEX estimates_by_task ON estimates (task_id, year, version_no) WHERE deleted = 0;
