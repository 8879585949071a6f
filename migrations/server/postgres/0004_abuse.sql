-- The server holds under abuse (issue 10): failed sign-ins per account name and per
-- client address, for growing delays and lockouts (`crate::throttle`). Kept in the
-- database so that `xaso-server user unlock` / `address unlock`, run in another process,
-- lift a lock the running server sees at the next attempt.
CREATE TABLE sign_in_failures (
  kind            text NOT NULL,         -- 'account' (the name as typed) or 'address' (IP)
  key             text NOT NULL,
  failures        bigint NOT NULL,       -- in a row, since the last success or quiet day
  last_failure_at timestamptz NOT NULL,
  locked_at       timestamptz,           -- set at the lockout threshold; only an admin clears it
  PRIMARY KEY (kind, key)
);

-- Old, unlocked records are forgotten (names that do not exist count too, so the table
-- would otherwise grow with every name an attacker tries).
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_failure_at);
