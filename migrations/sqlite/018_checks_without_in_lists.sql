-- 018_checks_without_in_lists: the value checks of the tables an approval
-- writes, spelled as comparisons instead of IN lists (issue 14 section 3).
--
-- SQLite evaluates "x IN ('a', 'b', 'c')" with three or more constants by
-- building a temporary index of the constants (OP_OpenEphemeral: a b-tree
-- with zeroed pages, opened and closed) every time the statement runs, and a
-- CHECK constraint is evaluated on every INSERT and on every UPDATE of its
-- column. A durable approval inserts or updates these tables about 27 times:
-- callgrind put a quarter of the server's instructions per approval in those
-- temporary indexes (docs/performance.md, "One approval, counted"). "x = 'a'
-- OR x = 'b' OR x = 'c'" accepts and refuses exactly the same values (the
-- columns are NOT NULL; a NULL would pass both spellings) and is compiled to
-- plain comparisons. Only the stored CREATE TABLE text changes: SQLite cannot
-- alter a CHECK, and rebuilding ledger_transfers would copy the whole ledger,
-- so this uses the same documented procedure as 010 (writable_schema, then
-- RESET so this connection reparses the schema). The temporary table proves
-- every edit took: its CHECK fails the migration when any of the five
-- tables still holds an IN list. PostgreSQL evaluates IN lists without this
-- cost; its 018 changes nothing.
PRAGMA writable_schema = ON;
-- One statement for the five tables: each fragment occurs in one of them only.
UPDATE sqlite_schema
   SET sql = replace(replace(replace(replace(replace(replace(replace(sql,
     'CHECK (kind IN (''werk'', ''storting'', ''kredietlijn'', ''correctie'',',
     'CHECK (kind = ''werk'' OR kind = ''storting'' OR kind = ''kredietlijn'' OR '
       || 'kind = ''correctie'' OR'),
     '''terugboeking'')),',
     'kind = ''terugboeking''),'),
     'CHECK (pending_state IN (''geen'', ''open'', ''geboekt'', ''vrijgegeven'')),',
     'CHECK (pending_state = ''geen'' OR pending_state = ''open'' OR '
       || 'pending_state = ''geboekt'' OR pending_state = ''vrijgegeven''),'),
     'CHECK (status IN (''concept'', ''bevestigd'', ''beeindigd'')),',
     'CHECK (status = ''concept'' OR status = ''bevestigd'' OR status = ''beeindigd''),'),
     'CHECK (state IN (''open'', ''geboekt'', ''vrijgegeven'')),',
     'CHECK (state = ''open'' OR state = ''geboekt'' OR state = ''vrijgegeven''),'),
     'CHECK (status IN (''ingediend'', ''goedgekeurd'', ''afgekeurd'')),',
     'CHECK (status = ''ingediend'' OR status = ''goedgekeurd'' OR status = ''afgekeurd''),'),
     'CHECK (role IN (''boeking'', ''herreservering'', ''extra'')),',
     'CHECK (role = ''boeking'' OR role = ''herreservering'' OR role = ''extra''),')
 WHERE type = 'table' AND name IN ('ledger_transfers', 'allocations', 'allocation_reservations',
                                   'time_entries', 'time_entry_transfers');
PRAGMA writable_schema = RESET;
CREATE TEMP TABLE migration_018_check (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_018_check
  SELECT instr(sql, ' IN (') = 0 FROM sqlite_schema
   WHERE type = 'table' AND name IN ('ledger_transfers', 'allocations', 'allocation_reservations',
                                     'time_entries', 'time_entry_transfers');
INSERT INTO migration_018_check
  SELECT count(*) = 5 FROM sqlite_schema
   WHERE type = 'table' AND name IN ('ledger_transfers', 'allocations', 'allocation_reservations',
                                     'time_entries', 'time_entry_transfers');
DROP TABLE migration_018_check;
