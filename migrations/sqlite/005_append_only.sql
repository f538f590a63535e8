-- 005_append_only: nothing is deleted (DOMAIN rule 5), enforced by the database.
-- The audit log is append-only; the registry's records are deactivated or
-- cancelled, never deleted. (Child rows that a PUT replaces, such as a
-- person's competency levels, are part of their record and stay replaceable;
-- their history is in the audit log.)

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER organisations_no_delete BEFORE DELETE ON organisations
BEGIN
  SELECT RAISE(ABORT, 'organisations are never deleted');
END;

CREATE TRIGGER competencies_no_delete BEFORE DELETE ON competencies
BEGIN
  SELECT RAISE(ABORT, 'competencies are never deleted');
END;

CREATE TRIGGER role_profiles_no_delete BEFORE DELETE ON role_profiles
BEGIN
  SELECT RAISE(ABORT, 'role profiles are never deleted');
END;

CREATE TRIGGER people_no_delete BEFORE DELETE ON people
BEGIN
  SELECT RAISE(ABORT, 'people are deactivated, never deleted');
END;

CREATE TRIGGER assignments_no_delete BEFORE DELETE ON assignments
BEGIN
  SELECT RAISE(ABORT, 'assignments are cancelled, never deleted');
END;

CREATE TRIGGER tokens_no_delete BEFORE DELETE ON tokens
BEGIN
  SELECT RAISE(ABORT, 'tokens are revoked, never deleted');
END;

CREATE INDEX audit_log_at ON audit_log(at);
