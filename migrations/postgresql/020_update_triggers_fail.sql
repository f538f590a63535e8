-- PostgreSQL dialect of migrations/sqlite/020_update_triggers_fail.sql (same version, same schema).
-- 020_update_triggers_fail: SQLite's append-only UPDATE triggers refuse with
-- RAISE(FAIL) so that the store's single-row UPDATEs need no statement
-- journal. PostgreSQL's triggers (nb_refuse) raise an exception, which undoes
-- the statement as before; it has no statement journal to save: nothing
-- changes here. The statement keeps the version in step.
SELECT 1;
