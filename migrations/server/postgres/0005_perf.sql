-- Sync at the speed of the disk (issue 10, item 11).

-- A new row's fields stay in its creation change (`changes` at `partition`,
-- `created_seq`) until each is first edited; only then does a field get a `fields` row.
-- A new task was ~28 stored rows (one per field), now 3 (row, change, answer). Rows
-- created before this migration have every field in `fields` and no `created_seq`.
ALTER TABLE rows ADD COLUMN created_seq bigint;

-- Whether the change holds exactly what its device sent (no stamped field, no clock
-- bounded by the server): a pull may leave it out for that device, which names it as
-- held (it has it already). Older changes are sent to everyone, as before.
ALTER TABLE changes ADD COLUMN as_sent boolean NOT NULL DEFAULT false;
