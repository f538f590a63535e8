-- PostgreSQL dialect of migrations/sqlite/005_append_only.sql (same version, same schema).
-- 005_append_only: nothing is deleted (DOMAIN rule 5), enforced by the database.
-- The audit log is append-only; the registry's records are deactivated or
-- cancelled, never deleted. (Child rows that a PUT replaces, such as a
-- person's competency levels, are part of their record and stay replaceable;
-- their history is in the audit log.)

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
EXECUTE FUNCTION nb_refuse('the audit log is append-only');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
EXECUTE FUNCTION nb_refuse('the audit log is append-only');

CREATE TRIGGER organisations_no_delete BEFORE DELETE ON organisations FOR EACH ROW
EXECUTE FUNCTION nb_refuse('organisations are never deleted');

CREATE TRIGGER competencies_no_delete BEFORE DELETE ON competencies FOR EACH ROW
EXECUTE FUNCTION nb_refuse('competencies are never deleted');

CREATE TRIGGER role_profiles_no_delete BEFORE DELETE ON role_profiles FOR EACH ROW
EXECUTE FUNCTION nb_refuse('role profiles are never deleted');

CREATE TRIGGER people_no_delete BEFORE DELETE ON people FOR EACH ROW
EXECUTE FUNCTION nb_refuse('people are deactivated, never deleted');

CREATE TRIGGER assignments_no_delete BEFORE DELETE ON assignments FOR EACH ROW
EXECUTE FUNCTION nb_refuse('assignments are cancelled, never deleted');

CREATE TRIGGER tokens_no_delete BEFORE DELETE ON tokens FOR EACH ROW
EXECUTE FUNCTION nb_refuse('tokens are revoked, never deleted');

CREATE INDEX audit_log_at ON audit_log(at);
