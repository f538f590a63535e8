-- 014_time_entries_approved: the approved time entries by person and day,
-- covering the minutes (issue 11 part 5, the national benchmark).
--
-- The kwetsbaarheid report reads every approved entry of the last twelve
-- months per person and month (store/vulnerability.c). Without this index
-- SQLite read time_entries_person_date and then every entry's row for its
-- status and minutes, and grouped 400,000 rows in a temporary B-tree at
-- national size (most of the report's load). With it the query is one scan
-- of this index in (person, day) order, and the months are summed as the
-- rows arrive. Partial: only approved entries are ever read this way.
CREATE INDEX time_entries_approved ON time_entries(person_id, work_date, minutes)
  WHERE status = 'goedgekeurd';
