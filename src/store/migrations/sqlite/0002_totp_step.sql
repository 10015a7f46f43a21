-- zhifa schema 2: the last accepted TOTP time step of each account, so that a
-- one-time code is never accepted twice (RFC 6238 section 5.2). 0 = none yet.

ALTER TABLE account ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;
