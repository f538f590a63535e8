-- PostgreSQL dialect of migrations/sqlite/019_ledger_months_in_c.sql (same version, same schema).
-- 019_ledger_months_in_c: the ledger's month totals (migration 017) are kept
-- by the ledger's write path in C (store/ledger_store.c) instead of by the
-- SECURITY DEFINER insert trigger, as on SQLite: one upsert per account and
-- month a batch touched, sent with the batch's other writes. The application
-- role therefore needs INSERT and UPDATE on ledger_account_months
-- (deploy/postgresql-roles.sql); DELETE stays refused, by privilege and by
-- the trigger of 017. nb_ledger_month(bigint) stays: nothing in the schema
-- needs it any more, but a restored 017 backfill or an operator's query may.
DROP TRIGGER ledger_transfers_months ON ledger_transfers;
DROP FUNCTION nb_ledger_months_add();
