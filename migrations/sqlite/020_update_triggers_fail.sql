-- 020_update_triggers_fail: the append-only triggers that guard the rows an
-- approval updates refuse with RAISE(FAIL) instead of RAISE(ABORT) (issue 14
-- section 3). The conditions and messages are unchanged.
--
-- Why: SQLite gives a statement its own statement journal (a savepoint inside
-- the transaction, with a copy of every page the statement changes) when the
-- statement may write more than one row or table (an UPDATE of a table with
-- an UPDATE trigger always counts as such) and may abort (a RAISE(ABORT) in a
-- trigger, or a NOT NULL, CHECK or UNIQUE constraint with its default
-- conflict rule ABORT). Every UPDATE of an approval was such a statement: 7
-- of the 8 statement journals an approval opened, the largest part of the
-- 0.315 M instructions of sqlite3VdbeHalt per approval (docs/performance.md,
-- "Stop 27"). The store's UPDATEs of these tables are written UPDATE OR FAIL
-- (their constraints then fail without a statement rollback; the PostgreSQL
-- driver drops the OR FAIL), and these triggers now refuse with FAIL, so such
-- a statement no longer needs a statement journal.
--
-- What stays: every change a trigger refused is still refused, by the same
-- trigger, before the row is written (BEFORE UPDATE). What FAIL changes is
-- only the fate of the rows a refused statement changed before it reached
-- the refused row: ABORT undid them, FAIL keeps them. Each of those rows
-- passed the same trigger, so nothing the triggers forbid is ever stored; the
-- store's own UPDATEs change one row each (by primary or unique key) and roll
-- their work back on any error. The DELETE triggers keep ABORT.
DROP TRIGGER ledger_accounts_identity;
CREATE TRIGGER ledger_accounts_identity BEFORE UPDATE ON ledger_accounts
WHEN NEW.id IS NOT OLD.id OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.kind IS NOT OLD.kind
BEGIN
  SELECT RAISE(FAIL, 'ledger account identity is immutable');
END;

DROP TRIGGER ledger_transfers_immutable;
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
  SELECT RAISE(FAIL, 'ledger transfer content is immutable');
END;

DROP TRIGGER ledger_transfers_state_once;
CREATE TRIGGER ledger_transfers_state_once BEFORE UPDATE ON ledger_transfers
WHEN (OLD.pending_state <> 'open' AND NEW.pending_state IS NOT OLD.pending_state)
  OR (OLD.pending_state <> 'open' AND NEW.posted_amount IS NOT OLD.posted_amount)
  OR (OLD.resolved_by <> '' AND NEW.resolved_by IS NOT OLD.resolved_by)
  OR (OLD.reversed_by <> '' AND NEW.reversed_by IS NOT OLD.reversed_by)
BEGIN
  SELECT RAISE(FAIL, 'ledger transfer state resolves only once');
END;

DROP TRIGGER allocation_reservations_once;
CREATE TRIGGER allocation_reservations_once BEFORE UPDATE ON allocation_reservations
WHEN OLD.state <> 'open' OR NEW.transfer_id IS NOT OLD.transfer_id
  OR NEW.minutes IS NOT OLD.minutes OR NEW.allocation_id IS NOT OLD.allocation_id
  OR NEW.organisation_id IS NOT OLD.organisation_id
BEGIN
  SELECT RAISE(FAIL, 'an allocation reservation resolves only once');
END;

DROP TRIGGER time_entries_decided_once;
CREATE TRIGGER time_entries_decided_once BEFORE UPDATE ON time_entries
WHEN OLD.status <> 'ingediend' OR NEW.person_id IS NOT OLD.person_id
  OR NEW.assignment_id IS NOT OLD.assignment_id OR NEW.allocation_id IS NOT OLD.allocation_id
  OR NEW.work_date IS NOT OLD.work_date OR NEW.minutes IS NOT OLD.minutes
BEGIN
  SELECT RAISE(FAIL, 'a time entry is decided only once and its hours never change');
END;
