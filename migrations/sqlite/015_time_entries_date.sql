-- 015_time_entries_date: the time entries in the list's order (issue 14).
--
-- GET /urenregistraties lists entries by (work_date, id) a page at a time.
-- Without this index SQLite read every entry and sorted them all in a
-- temporary B-tree for each page (10 M instructions of a 100-row page at
-- demo size, growing with the ledger's history); with it the page is read
-- in order and the scan stops after the page.
CREATE INDEX time_entries_date ON time_entries(work_date, id);
