-- 017_ledger_account_months: the ledger's month totals per account, kept as
-- the transfers are written (issue 12 section 6: no request reads the whole history).
--
-- The hours budget (/urenbegroting, the budget alerts of /mt) asks per
-- organisation what the year's transfers did: the posted balance's change,
-- hours taken and brought, deposits in minutes and in money, credit-line
-- changes. Summing every transfer of the year on every request grew with the
-- ledger (9.4 s for /mt at 816,586 transfers). A transfer's contribution to
-- these figures depends only on its own immutable columns and on the kind
-- and money of the transfer it reverses (immutable too): nothing a later
-- post, void or reversal changes. So every insert into ledger_transfers adds
-- its contribution to one row per side (its debit and its credit account) of
-- this table, in the same transaction (the trigger below), and the budget
-- sums twelve rows per account instead of the year's transfers
-- (store/ledger_views.c, nb_ledger_store_period_rows).
--
-- month is the calendar month in Europe/Amsterdam as YYYYMM (DOMAIN.md rule
-- 10). SQLite has no time zones; the month is found from UTC arithmetic: a
-- month that starts in summer time (April to October under the EU rule:
-- the clocks go forward on the last Sunday of March at 01:00 UTC, back on the
-- last Sunday of October at 01:00 UTC) starts at 22:00 UTC the day before,
-- the others at 23:00 UTC. So the month of ts + 2 h is the answer when that
-- month is April to October, else the month of ts + 1 h. The control check
-- (nb_ledger_store_check) recomputes every row from the transfers with the
-- C calendar (util/date.c) and reports any difference.
--
-- The columns, per account and month (a reversal counts against the family of
-- the transfer it reverses; "moves" = not a reservation or a void, not a
-- credit line or its reversal):
--   delta           the posted balance's change (+ credited, - debited; moves only)
--   taken           work debited (not a reservation or void), less reversals of work credited
--   brought         work credited (same), less reversals of work debited
--   deposit_minutes deposits credited, less reversals of deposits debited
--   deposit_cents   the money of those deposits (and of the reversed ones)
--   credit_line     credit lines credited, less reversals of credit lines debited

CREATE TABLE ledger_account_months (
  account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
  month INTEGER NOT NULL,
  delta BIGINT NOT NULL DEFAULT 0,
  taken BIGINT NOT NULL DEFAULT 0,
  brought BIGINT NOT NULL DEFAULT 0,
  deposit_minutes BIGINT NOT NULL DEFAULT 0,
  deposit_cents BIGINT NOT NULL DEFAULT 0,
  credit_line BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, month)
);

CREATE TRIGGER ledger_account_months_no_delete BEFORE DELETE ON ledger_account_months
BEGIN
  SELECT RAISE(ABORT, 'ledger month totals are never deleted');
END;

-- The existing transfers, summed once.
INSERT INTO ledger_account_months (account_id, month, delta, taken, brought, deposit_minutes,
                                   deposit_cents, credit_line)
SELECT acct, month, sum(delta), sum(taken), sum(brought), sum(dep), sum(cents), sum(line)
FROM (
  SELECT t.debit_account_id AS acct,
    CASE WHEN CAST(strftime('%m', t.ts + 7200, 'unixepoch') AS INTEGER) BETWEEN 4 AND 10
      THEN CAST(strftime('%Y%m', t.ts + 7200, 'unixepoch') AS INTEGER)
      ELSE CAST(strftime('%Y%m', t.ts + 3600, 'unixepoch') AS INTEGER) END AS month,
    CASE WHEN (t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR coalesce(r.kind, '') = 'kredietlijn'
      THEN 0 ELSE -t.amount END AS delta,
    CASE WHEN (t.flags & 5) = 0 AND t.kind = 'werk' THEN t.amount ELSE 0 END AS taken,
    CASE WHEN r.kind = 'werk' THEN -t.amount ELSE 0 END AS brought,
    CASE WHEN r.kind = 'storting' THEN -t.amount ELSE 0 END AS dep,
    CASE WHEN r.kind = 'storting' THEN -r.money_cents ELSE 0 END AS cents,
    CASE WHEN r.kind = 'kredietlijn' THEN -t.amount ELSE 0 END AS line
  FROM ledger_transfers t
  LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND t.reverses_id <> ''
  UNION ALL
  SELECT t.credit_account_id,
    CASE WHEN CAST(strftime('%m', t.ts + 7200, 'unixepoch') AS INTEGER) BETWEEN 4 AND 10
      THEN CAST(strftime('%Y%m', t.ts + 7200, 'unixepoch') AS INTEGER)
      ELSE CAST(strftime('%Y%m', t.ts + 3600, 'unixepoch') AS INTEGER) END,
    CASE WHEN (t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR coalesce(r.kind, '') = 'kredietlijn'
      THEN 0 ELSE t.amount END,
    CASE WHEN r.kind = 'werk' THEN -t.amount ELSE 0 END,
    CASE WHEN (t.flags & 5) = 0 AND t.kind = 'werk' THEN t.amount ELSE 0 END,
    CASE WHEN t.kind = 'storting' THEN t.amount ELSE 0 END,
    CASE WHEN t.kind = 'storting' THEN t.money_cents ELSE 0 END,
    CASE WHEN t.kind = 'kredietlijn' THEN t.amount ELSE 0 END
  FROM ledger_transfers t
  LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND t.reverses_id <> ''
) AS s
GROUP BY acct, month;

-- Every new transfer from now on, in the transaction that inserts it.
CREATE TRIGGER ledger_transfers_months AFTER INSERT ON ledger_transfers
BEGIN
  INSERT INTO ledger_account_months (account_id, month, delta, taken, brought, deposit_minutes,
                                     deposit_cents, credit_line)
  SELECT s.acct,
    CASE WHEN CAST(strftime('%m', NEW.ts + 7200, 'unixepoch') AS INTEGER) BETWEEN 4 AND 10
      THEN CAST(strftime('%Y%m', NEW.ts + 7200, 'unixepoch') AS INTEGER)
      ELSE CAST(strftime('%Y%m', NEW.ts + 3600, 'unixepoch') AS INTEGER) END,
    s.delta, s.taken, s.brought, s.dep, s.cents, s.line
  FROM (
    SELECT NEW.debit_account_id AS acct,
      CASE WHEN (NEW.flags & 5) <> 0 OR NEW.kind = 'kredietlijn'
        OR coalesce(r.kind, '') = 'kredietlijn' THEN 0 ELSE -NEW.amount END AS delta,
      CASE WHEN (NEW.flags & 5) = 0 AND NEW.kind = 'werk' THEN NEW.amount ELSE 0 END AS taken,
      CASE WHEN r.kind = 'werk' THEN -NEW.amount ELSE 0 END AS brought,
      CASE WHEN r.kind = 'storting' THEN -NEW.amount ELSE 0 END AS dep,
      CASE WHEN r.kind = 'storting' THEN -r.money_cents ELSE 0 END AS cents,
      CASE WHEN r.kind = 'kredietlijn' THEN -NEW.amount ELSE 0 END AS line
    FROM (SELECT 1) AS one
    LEFT JOIN ledger_transfers r ON r.tid = NEW.reverses_id AND NEW.reverses_id <> ''
    UNION ALL
    SELECT NEW.credit_account_id,
      CASE WHEN (NEW.flags & 5) <> 0 OR NEW.kind = 'kredietlijn'
        OR coalesce(r.kind, '') = 'kredietlijn' THEN 0 ELSE NEW.amount END,
      CASE WHEN r.kind = 'werk' THEN -NEW.amount ELSE 0 END,
      CASE WHEN (NEW.flags & 5) = 0 AND NEW.kind = 'werk' THEN NEW.amount ELSE 0 END,
      CASE WHEN NEW.kind = 'storting' THEN NEW.amount ELSE 0 END,
      CASE WHEN NEW.kind = 'storting' THEN NEW.money_cents ELSE 0 END,
      CASE WHEN NEW.kind = 'kredietlijn' THEN NEW.amount ELSE 0 END
    FROM (SELECT 1) AS one
    LEFT JOIN ledger_transfers r ON r.tid = NEW.reverses_id AND NEW.reverses_id <> ''
  ) AS s
  WHERE true
  ON CONFLICT (account_id, month) DO UPDATE SET
    delta = delta + excluded.delta,
    taken = taken + excluded.taken,
    brought = brought + excluded.brought,
    deposit_minutes = deposit_minutes + excluded.deposit_minutes,
    deposit_cents = deposit_cents + excluded.deposit_cents,
    credit_line = credit_line + excluded.credit_line;
END;
