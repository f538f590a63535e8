-- 012_settlements: settlement (verrekening) of the members' hour balances at
-- the end of a closed period (issue 10, part 4). See store/settlements.h and
-- docs/ledger.md "Settlement". One settlement row per decision of network
-- management, one line per organisation: carried over (overboeken, no
-- transfer) or settled in money at the network's hour rate (verrekenen, one
-- ledger transfer against the network fund, named in transfer_tid). The
-- transfers and these rows are written in one transaction. Rows are history:
-- never changed, never deleted (a mistake is undone by a counter-settlement).

CREATE TABLE settlements (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,          -- client-chosen idempotency id (verzoekId)
  request_key TEXT NOT NULL,                -- the request's content, normalised (retry check)
  period_from TEXT NOT NULL,                -- first day (inclusive, Europe/Amsterdam)
  period_to TEXT NOT NULL,                  -- last day (inclusive)
  year INTEGER,                             -- set when settled by year
  period_id BIGINT REFERENCES periods(id),  -- set when settled by closed period
  hour_rate_cents BIGINT NOT NULL CHECK (hour_rate_cents > 0),
  created_by TEXT NOT NULL,                 -- rol:label
  created_at TEXT NOT NULL,                 -- UTC
  CHECK (period_to >= period_from),
  CHECK ((year IS NULL) <> (period_id IS NULL))
);
CREATE INDEX settlements_period ON settlements(period_to, period_from);

CREATE TABLE settlement_lines (
  settlement_id BIGINT NOT NULL REFERENCES settlements(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  choice TEXT NOT NULL CHECK (choice IN ('overboeken', 'verrekenen')),
  balance_minutes BIGINT NOT NULL,          -- posted balance before the settlement
  brought_minutes BIGINT NOT NULL,          -- work credited in the period
  taken_minutes BIGINT NOT NULL,            -- work debited in the period
  amount_cents BIGINT NOT NULL,             -- + the organisation receives, - it pays
  transfer_tid TEXT REFERENCES ledger_transfers(tid),  -- NULL: nothing booked
  PRIMARY KEY (settlement_id, organisation_id),
  CHECK (choice = 'verrekenen' OR (amount_cents = 0 AND transfer_tid IS NULL))
);

CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements
BEGIN
  SELECT RAISE(ABORT, 'settlements are never deleted');
END;

CREATE TRIGGER settlements_immutable BEFORE UPDATE ON settlements
BEGIN
  SELECT RAISE(ABORT, 'settlements are immutable');
END;

CREATE TRIGGER settlement_lines_no_delete BEFORE DELETE ON settlement_lines
BEGIN
  SELECT RAISE(ABORT, 'settlement lines are never deleted');
END;

CREATE TRIGGER settlement_lines_immutable BEFORE UPDATE ON settlement_lines
BEGIN
  SELECT RAISE(ABORT, 'settlement lines are immutable');
END;
