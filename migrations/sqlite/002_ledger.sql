-- 002_ledger: the hours ledger (grootboek): accounts and transfers (boekingen).
-- See docs/ledger.md. Amounts are integer minutes. Transfers are immutable:
-- only the entry-state columns (pending_state, posted_amount, resolved_by,
-- reversed_by) ever change, and only once each; nothing is deleted. Triggers
-- below make the database itself refuse anything else.

CREATE TABLE ledger_accounts (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT UNIQUE REFERENCES organisations(id), -- NULL for the fund
  kind TEXT NOT NULL CHECK (kind IN ('organisatie', 'fonds')),
  debits_pending BIGINT NOT NULL DEFAULT 0,
  debits_posted BIGINT NOT NULL DEFAULT 0,
  credits_pending BIGINT NOT NULL DEFAULT 0,
  credits_posted BIGINT NOT NULL DEFAULT 0,
  credit_line_minutes BIGINT NOT NULL DEFAULT 0,
  flags BIGINT NOT NULL DEFAULT 0,
  CHECK ((kind = 'fonds') = (organisation_id IS NULL))
);
-- At most one fund account per network.
CREATE UNIQUE INDEX ledger_accounts_one_fund ON ledger_accounts(kind) WHERE kind = 'fonds';
-- Near-limit views: available minutes of an account.
CREATE INDEX ledger_accounts_available
  ON ledger_accounts((credits_posted + credit_line_minutes - debits_posted - debits_pending));

CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
BEGIN
  SELECT RAISE(ABORT, 'ledger accounts are never deleted');
END;

CREATE TRIGGER ledger_accounts_identity BEFORE UPDATE ON ledger_accounts
WHEN NEW.id IS NOT OLD.id OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.kind IS NOT OLD.kind
BEGIN
  SELECT RAISE(ABORT, 'ledger account identity is immutable');
END;

CREATE TABLE ledger_transfers (
  id INTEGER PRIMARY KEY,                     -- row id (application order)
  tid TEXT NOT NULL UNIQUE,                   -- client-chosen idempotency id
  debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
  credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  kind TEXT NOT NULL CHECK (kind IN ('werk', 'storting', 'kredietlijn', 'correctie',
                                     'terugboeking')),
  flags BIGINT NOT NULL DEFAULT 0,
  pending_id TEXT NOT NULL DEFAULT '',        -- post/void: the reservation
  reverses_id TEXT NOT NULL DEFAULT '',       -- reversal: the transfer reversed
  money_cents BIGINT NOT NULL DEFAULT 0,      -- deposit: money brought
  hour_rate_cents BIGINT NOT NULL DEFAULT 0,  -- deposit: rate applied
  ts BIGINT NOT NULL,                         -- UTC seconds
  reason TEXT NOT NULL DEFAULT '',
  -- entry state (the only mutable columns)
  pending_state TEXT NOT NULL DEFAULT 'geen'
    CHECK (pending_state IN ('geen', 'open', 'geboekt', 'vrijgegeven')),
  posted_amount BIGINT NOT NULL DEFAULT 0,
  resolved_by TEXT NOT NULL DEFAULT '',
  reversed_by TEXT NOT NULL DEFAULT '',
  CHECK (debit_account_id <> credit_account_id)
);
-- Statements: an account's transfers in time order.
CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit_account_id, ts);
CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit_account_id, ts);
CREATE INDEX ledger_transfers_ts ON ledger_transfers(ts);
CREATE INDEX ledger_transfers_kind ON ledger_transfers(kind, ts);

CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger transfers are never deleted');
END;

CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE ON ledger_transfers
WHEN NEW.id IS NOT OLD.id OR NEW.tid IS NOT OLD.tid
  OR NEW.debit_account_id IS NOT OLD.debit_account_id
  OR NEW.credit_account_id IS NOT OLD.credit_account_id
  OR NEW.amount IS NOT OLD.amount OR NEW.kind IS NOT OLD.kind
  OR NEW.flags IS NOT OLD.flags OR NEW.pending_id IS NOT OLD.pending_id
  OR NEW.reverses_id IS NOT OLD.reverses_id OR NEW.money_cents IS NOT OLD.money_cents
  OR NEW.hour_rate_cents IS NOT OLD.hour_rate_cents OR NEW.ts IS NOT OLD.ts
  OR NEW.reason IS NOT OLD.reason
BEGIN
  SELECT RAISE(ABORT, 'ledger transfer content is immutable');
END;

-- The entry state moves forward only: an open reservation resolves once, a
-- transfer is reversed once.
CREATE TRIGGER ledger_transfers_state_once BEFORE UPDATE ON ledger_transfers
WHEN (OLD.pending_state <> 'open' AND NEW.pending_state IS NOT OLD.pending_state)
  OR (OLD.pending_state <> 'open' AND NEW.posted_amount IS NOT OLD.posted_amount)
  OR (OLD.resolved_by <> '' AND NEW.resolved_by IS NOT OLD.resolved_by)
  OR (OLD.reversed_by <> '' AND NEW.reversed_by IS NOT OLD.reversed_by)
BEGIN
  SELECT RAISE(ABORT, 'ledger transfer state resolves only once');
END;
