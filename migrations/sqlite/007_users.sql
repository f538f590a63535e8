-- 007_users: people who log in to the web pages (docs/accounts.md).
-- users: a login with a role and, where the role needs it, an organisation
-- and a person (the same rules as API tokens: coordinator and lezer need an
-- organisation, medewerker a person (its organisation is the person's),
-- beheer neither). The password is an Argon2id string (libsodium
-- crypto_pwhash_str); the TOTP secret is never exported, listed or logged.
-- sessions: server-side, the cookie value is never stored, only its
-- BLAKE2b-256 hash. Times used for expiry are Unix seconds (*_s), written
-- from the time the caller passes in. login_attempts: the throttle's memory.
-- Nothing here is deleted: users are disabled, sessions ended (updates).

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL,
  login_key TEXT NOT NULL UNIQUE,          -- login in lower case: unique case-insensitively
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('beheer', 'coordinator', 'medewerker', 'lezer')),
  organisation_id BIGINT REFERENCES organisations(id),
  person_id BIGINT REFERENCES people(id),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,                        -- base32, set when enrolment is confirmed
  totp_pending TEXT,                       -- base32, between enrolment start and confirmation
  totp_enrolled BIGINT NOT NULL DEFAULT 0 CHECK (totp_enrolled IN (0, 1)),
  totp_last_step BIGINT NOT NULL DEFAULT 0, -- last accepted 30 s step: a code is used once
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  CHECK ((role = 'beheer' AND organisation_id IS NULL AND person_id IS NULL)
      OR (role IN ('coordinator', 'lezer') AND organisation_id IS NOT NULL AND person_id IS NULL)
      OR (role = 'medewerker' AND organisation_id IS NOT NULL AND person_id IS NOT NULL)),
  CHECK (totp_enrolled = 0 OR totp_secret IS NOT NULL)
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,               -- BLAKE2b-256 (hex) of the cookie value
  user_id BIGINT NOT NULL REFERENCES users(id),
  stage TEXT NOT NULL CHECK (stage IN ('totp', 'inschrijven', 'volledig')),
  csrf TEXT NOT NULL,
  remote TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_s BIGINT NOT NULL,
  last_seen_s BIGINT NOT NULL,
  expires_s BIGINT NOT NULL,               -- absolute expiry
  ended_at TEXT,
  end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN
    ('uitgelogd', 'verlopen', 'inactief', 'wachtwoord', 'geblokkeerd', 'verhoogd', 'beheer'))
);
CREATE INDEX sessions_user ON sessions(user_id, ended_at);

CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  at_s BIGINT NOT NULL,
  login_hash TEXT NOT NULL,                -- BLAKE2b-256 (hex) of the login as typed, lower
                                           -- case: never the text (it may be a mistyped password)
  remote TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES users(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'fout', 'geweigerd'))
);
CREATE INDEX login_attempts_login ON login_attempts(login_hash, at_s);
CREATE INDEX login_attempts_remote ON login_attempts(remote, at_s);

CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN
  SELECT RAISE(ABORT, 'users are disabled, never deleted');
END;

CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
BEGIN
  SELECT RAISE(ABORT, 'sessions are ended, never deleted');
END;

CREATE TRIGGER login_attempts_no_delete BEFORE DELETE ON login_attempts
BEGIN
  SELECT RAISE(ABORT, 'login attempts are never deleted');
END;

CREATE TRIGGER login_attempts_immutable BEFORE UPDATE ON login_attempts
BEGIN
  SELECT RAISE(ABORT, 'login attempts are immutable');
END;
