-- PostgreSQL dialect of migrations/sqlite/018_checks_without_in_lists.sql (same version, same schema).
-- 018_checks_without_in_lists: SQLite's value checks of the tables an approval
-- writes are spelled as comparisons instead of IN lists, which SQLite evaluated
-- with a temporary index on every write. PostgreSQL evaluates an IN list of
-- constants without one, and its constraints already accept exactly the same
-- values: nothing changes here. The statement keeps the version in step.
SELECT 1;
