-- 014_time_entries_approved (PostgreSQL): the approved time entries by person
-- and day, covering the minutes (issue 11 part 5, the national benchmark).
--
-- The same partial index as the SQLite migration: the kwetsbaarheid report
-- reads every approved entry of the last twelve months in (person, day)
-- order (store/vulnerability.c); PostgreSQL can answer that with an
-- index-only scan of this index (INCLUDE keeps minutes out of the key).
CREATE INDEX time_entries_approved ON time_entries(person_id, work_date) INCLUDE (minutes)
  WHERE status = 'goedgekeurd';
