-- 003_hours: allocations (inzet), time entries (urenregistraties) and closed
-- periods. See docs/ledger.md, "Allocations and time entries". Minutes are
-- integers. Nothing is deleted (triggers refuse DELETE); a decided time entry
-- and a closed period never change again.

-- A person's planned minutes on one line of an assignment. Confirming it
-- (concept -> bevestigd) reserves the minutes in the ledger: one pending work
-- transfer per charged organisation, applied as one LINKED chain (the rows of
-- allocation_reservations). minutes_posted counts the approved minutes of
-- the allocation's time entries (booked against the reservations; the part
-- charged to the person's own home organisation is never booked).
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY,
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  line_id BIGINT NOT NULL REFERENCES assignment_lines(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  minutes BIGINT NOT NULL CHECK (minutes > 0),
  status TEXT NOT NULL CHECK (status IN ('concept', 'bevestigd', 'beeindigd')),
  minutes_posted BIGINT NOT NULL DEFAULT 0 CHECK (minutes_posted >= 0),
  note TEXT NOT NULL DEFAULT '',
  confirmed_at TEXT,
  ended_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX allocations_assignment ON allocations(assignment_id, status);
CREATE INDEX allocations_person ON allocations(person_id, status);

CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN
  SELECT RAISE(ABORT, 'allocations are never deleted');
END;

-- Status moves forward only: concept -> bevestigd -> beeindigd, or
-- concept -> beeindigd.
CREATE TRIGGER allocations_status_forward BEFORE UPDATE OF status ON allocations
WHEN NEW.status IS NOT OLD.status AND NOT (
  (OLD.status = 'concept' AND NEW.status IN ('bevestigd', 'beeindigd'))
  OR (OLD.status = 'bevestigd' AND NEW.status = 'beeindigd'))
BEGIN
  SELECT RAISE(ABORT, 'allocation status moves forward only');
END;

-- The ledger reservations of an allocation: per charged organisation the
-- pending work transfer (ledger_transfers.tid) that holds its part. Each
-- approval posts the worked part of the open reservation and re-reserves the
-- rest as a new row (so at most one row per allocation and organisation is
-- open); ending voids the open ones. Rows are history: never deleted, and a
-- resolved row never changes.
CREATE TABLE allocation_reservations (
  id INTEGER PRIMARY KEY,
  allocation_id BIGINT NOT NULL REFERENCES allocations(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  seq BIGINT NOT NULL CHECK (seq >= 1),
  transfer_id TEXT NOT NULL UNIQUE,
  minutes BIGINT NOT NULL CHECK (minutes > 0),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'geboekt', 'vrijgegeven')),
  posted_minutes BIGINT NOT NULL DEFAULT 0 CHECK (posted_minutes >= 0),
  resolved_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (allocation_id, organisation_id, seq)
);
CREATE UNIQUE INDEX allocation_reservations_open
  ON allocation_reservations(allocation_id, organisation_id) WHERE state = 'open';

CREATE TRIGGER allocation_reservations_no_delete BEFORE DELETE ON allocation_reservations
BEGIN
  SELECT RAISE(ABORT, 'allocation reservations are never deleted');
END;

CREATE TRIGGER allocation_reservations_once BEFORE UPDATE ON allocation_reservations
WHEN OLD.state <> 'open' OR NEW.transfer_id IS NOT OLD.transfer_id
  OR NEW.minutes IS NOT OLD.minutes OR NEW.allocation_id IS NOT OLD.allocation_id
  OR NEW.organisation_id IS NOT OLD.organisation_id
BEGIN
  SELECT RAISE(ABORT, 'an allocation reservation resolves only once');
END;

-- Minutes a person worked on an assignment on a date. Decided once
-- (ingediend -> goedgekeurd | afgekeurd) by the ambtelijk opdrachtgever or
-- network management.
CREATE TABLE time_entries (
  id INTEGER PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  allocation_id BIGINT NOT NULL REFERENCES allocations(id),
  work_date TEXT NOT NULL,
  minutes BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('ingediend', 'goedgekeurd', 'afgekeurd')),
  recorded_by TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_by_person_id BIGINT REFERENCES people(id),
  decided_at TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX time_entries_person_date ON time_entries(person_id, work_date);
CREATE INDEX time_entries_assignment ON time_entries(assignment_id, status);
CREATE INDEX time_entries_allocation ON time_entries(allocation_id);

CREATE TRIGGER time_entries_no_delete BEFORE DELETE ON time_entries
BEGIN
  SELECT RAISE(ABORT, 'time entries are never deleted');
END;

CREATE TRIGGER time_entries_decided_once BEFORE UPDATE ON time_entries
WHEN OLD.status <> 'ingediend' OR NEW.person_id IS NOT OLD.person_id
  OR NEW.assignment_id IS NOT OLD.assignment_id OR NEW.allocation_id IS NOT OLD.allocation_id
  OR NEW.work_date IS NOT OLD.work_date OR NEW.minutes IS NOT OLD.minutes
BEGIN
  SELECT RAISE(ABORT, 'a time entry is decided only once and its hours never change');
END;

-- The ledger transfers an approval made: posts of reservations (boeking),
-- re-reservations of the rest (herreservering) and single-phase transfers
-- for minutes beyond the reservation (extra).
CREATE TABLE time_entry_transfers (
  id INTEGER PRIMARY KEY,
  time_entry_id BIGINT NOT NULL REFERENCES time_entries(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  transfer_id TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('boeking', 'herreservering', 'extra')),
  minutes BIGINT NOT NULL CHECK (minutes > 0)
);
CREATE INDEX time_entry_transfers_entry ON time_entry_transfers(time_entry_id);

CREATE TRIGGER time_entry_transfers_no_delete BEFORE DELETE ON time_entry_transfers
BEGIN
  SELECT RAISE(ABORT, 'time entry transfers are never deleted');
END;

CREATE TRIGGER time_entry_transfers_immutable BEFORE UPDATE ON time_entry_transfers
BEGIN
  SELECT RAISE(ABORT, 'time entry transfers are immutable');
END;

-- Closed periods (inclusive date range). Entries dated inside one cannot be
-- created or decided. A closing is never undone or changed.
CREATE TABLE periods (
  id INTEGER PRIMARY KEY,
  closed_from TEXT NOT NULL,
  closed_to TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  CHECK (closed_to >= closed_from)
);
CREATE INDEX periods_range ON periods(closed_from, closed_to);

CREATE TRIGGER periods_no_delete BEFORE DELETE ON periods
BEGIN
  SELECT RAISE(ABORT, 'closed periods are never reopened');
END;

CREATE TRIGGER periods_immutable BEFORE UPDATE ON periods
BEGIN
  SELECT RAISE(ABORT, 'closed periods are immutable');
END;
