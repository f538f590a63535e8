-- PostgreSQL dialect of migrations/sqlite/015_time_entries_date.sql (same version, same schema).
-- 015_time_entries_date: the time entries in the list's order (issue 14): a
-- page of GET /urenregistraties is read in (work_date, id) order instead of
-- sorting every entry.
CREATE INDEX time_entries_date ON time_entries(work_date, id);
