-- PostgreSQL dialect of migrations/sqlite/017_ledger_account_months.sql (same version, same schema).
-- 017_ledger_account_months: the ledger's month totals per account, kept as
-- the transfers are written (issue 12 section 6). See the SQLite file for what the
-- columns hold and why. The month is found with the same UTC arithmetic as
-- in SQLite (nb_ledger_month below), not with AT TIME ZONE, so both stores
-- keep the same rows whatever the server's time-zone data.
--
-- The trigger function is SECURITY DEFINER: it runs as the schema's owner,
-- so the application role (deploy/postgresql-roles.sql) needs no INSERT or
-- UPDATE on ledger_account_months - it can only read the totals, and only
-- a transfer it inserts changes them.

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

CREATE TRIGGER ledger_account_months_no_delete BEFORE DELETE ON ledger_account_months FOR EACH ROW
EXECUTE FUNCTION nb_refuse('ledger month totals are never deleted');

-- The calendar month in Europe/Amsterdam of Unix time ts, as YYYYMM.
CREATE FUNCTION nb_ledger_month(ts bigint) RETURNS integer
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN extract(month FROM to_timestamp(ts + 7200) AT TIME ZONE 'UTC') BETWEEN 4 AND 10
    THEN (extract(year FROM to_timestamp(ts + 7200) AT TIME ZONE 'UTC') * 100
          + extract(month FROM to_timestamp(ts + 7200) AT TIME ZONE 'UTC'))::integer
    ELSE (extract(year FROM to_timestamp(ts + 3600) AT TIME ZONE 'UTC') * 100
          + extract(month FROM to_timestamp(ts + 3600) AT TIME ZONE 'UTC'))::integer
  END;

-- The existing transfers, summed once.
INSERT INTO ledger_account_months (account_id, month, delta, taken, brought, deposit_minutes,
                                   deposit_cents, credit_line)
SELECT acct, month, sum(delta), sum(taken), sum(brought), sum(dep), sum(cents), sum(line)
FROM (
  SELECT t.debit_account_id AS acct, nb_ledger_month(t.ts) AS month,
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
  SELECT t.credit_account_id, nb_ledger_month(t.ts),
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
CREATE FUNCTION nb_ledger_months_add() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  rkind text;
  rcents bigint;
  moves boolean;
BEGIN
  IF NEW.reverses_id <> '' THEN
    SELECT r.kind, r.money_cents INTO rkind, rcents FROM ledger_transfers r
    WHERE r.tid = NEW.reverses_id;
  END IF;
  moves := (NEW.flags & 5) = 0 AND NEW.kind <> 'kredietlijn' AND coalesce(rkind, '') <> 'kredietlijn';
  INSERT INTO ledger_account_months AS m (account_id, month, delta, taken, brought,
                                          deposit_minutes, deposit_cents, credit_line)
  VALUES
    (NEW.debit_account_id, nb_ledger_month(NEW.ts),
     CASE WHEN moves THEN -NEW.amount ELSE 0 END,
     CASE WHEN (NEW.flags & 5) = 0 AND NEW.kind = 'werk' THEN NEW.amount ELSE 0 END,
     CASE WHEN rkind = 'werk' THEN -NEW.amount ELSE 0 END,
     CASE WHEN rkind = 'storting' THEN -NEW.amount ELSE 0 END,
     CASE WHEN rkind = 'storting' THEN -rcents ELSE 0 END,
     CASE WHEN rkind = 'kredietlijn' THEN -NEW.amount ELSE 0 END),
    (NEW.credit_account_id, nb_ledger_month(NEW.ts),
     CASE WHEN moves THEN NEW.amount ELSE 0 END,
     CASE WHEN rkind = 'werk' THEN -NEW.amount ELSE 0 END,
     CASE WHEN (NEW.flags & 5) = 0 AND NEW.kind = 'werk' THEN NEW.amount ELSE 0 END,
     CASE WHEN NEW.kind = 'storting' THEN NEW.amount ELSE 0 END,
     CASE WHEN NEW.kind = 'storting' THEN NEW.money_cents ELSE 0 END,
     CASE WHEN NEW.kind = 'kredietlijn' THEN NEW.amount ELSE 0 END)
  ON CONFLICT (account_id, month) DO UPDATE SET
    delta = m.delta + EXCLUDED.delta,
    taken = m.taken + EXCLUDED.taken,
    brought = m.brought + EXCLUDED.brought,
    deposit_minutes = m.deposit_minutes + EXCLUDED.deposit_minutes,
    deposit_cents = m.deposit_cents + EXCLUDED.deposit_cents,
    credit_line = m.credit_line + EXCLUDED.credit_line;
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_transfers_months AFTER INSERT ON ledger_transfers FOR EACH ROW
EXECUTE FUNCTION nb_ledger_months_add();
