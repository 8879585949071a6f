-- Accounts and devices (issue 10): the server assigns device ids, an admin can disable a
-- user, and a revoked device says why.

-- Set by `xaso-server user disable`: no enrolment, and no token of the user works, until
-- `user enable`.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- Why a device was revoked (set together with revoked_at):
--   device            the admin revoked this device (`device revoke`): it may never enrol
--                     again by itself;
--   account_disabled  its user was disabled;
--   password_reset    its user's password was reset;
--   replaced          the same installation enrolled again and got a new device.
-- Only `device` refuses a re-enrolment that names it. A revoked device keeps its
-- token_hash (no longer accepted) so that the laptop is told why its token stopped.
ALTER TABLE devices ADD COLUMN revoked_reason TEXT
  CHECK (revoked_reason IN ('device', 'account_disabled', 'password_reset', 'replaced'));
UPDATE devices SET revoked_reason = 'device' WHERE revoked_at IS NOT NULL;
