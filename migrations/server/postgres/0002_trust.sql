-- The server trusts no laptop (issue 10).

-- Op ids are scoped by account: an op carrying another account's op id is answered on
-- its own merits and never reads (or replays) that account's answer. Answers recorded
-- before this migration are given to the user whose device stored the change; a
-- rejected op stored no change, so its answer goes to nobody (nil) and a replay of it is
-- checked again, as a new op.
CREATE TABLE op_answers (
  user_id uuid NOT NULL,
  op_id   uuid NOT NULL,
  result  text NOT NULL,
  PRIMARY KEY (user_id, op_id)
);

INSERT INTO op_answers (user_id, op_id, result)
SELECT COALESCE(owner.user_id, '00000000-0000-0000-0000-000000000000'::uuid), o.op_id, o.result
FROM ops o
LEFT JOIN (
  SELECT c.op_id, MIN(d.user_id::text)::uuid AS user_id
  FROM changes c JOIN devices d ON d.id = c.device_id
  WHERE c.op_id IS NOT NULL
  GROUP BY c.op_id
) owner ON owner.op_id = o.op_id;

DROP TABLE ops;

-- The server's own facts, e.g. `history`: the identity of its history, which a restore
-- from a backup changes (laptops that see a new one reconcile).
CREATE TABLE server_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
