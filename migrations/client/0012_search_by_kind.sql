-- A task is found by the name of its kind (issue 12): "chuyen doi so" finds every CĐS
-- task, not only those whose text says it. The index is rebuilt after this step
-- (`tasks::rebuild_search`); no table changes.
SELECT 1;
