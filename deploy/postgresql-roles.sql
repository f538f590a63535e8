-- deploy/postgresql-roles.sql — the application role of noaber on PostgreSQL.
--
-- The schema belongs to an owner role (the one `noaber init` / the migrations
-- run as). The servers (`noaber serve`) and the day-to-day commands (`noaber
-- token`, `noaber user`) connect as an application role that owns nothing and
-- may only do what the code does: read every table, add rows, change the few
-- columns the code changes, and delete only where the code replaces a list
-- (the lines and requesters of an assignment, a person's competencies and
-- learning wishes, a role profile's competencies, a setting). No TRUNCATE, no
-- DDL, no DELETE on the ledger, the hours, the audit log or anything else
-- append-only, and UPDATE only on named columns: a posted transfer's amount,
-- accounts or timestamps cannot be changed by the application role at all
-- (permission denied), and the columns it may change are still guarded by the
-- migrations' triggers (a reservation resolved once, an entry decided once).
--
-- Run it as the owner (or a superuser) after every `noaber init` that added a
-- migration, in the database of the network:
--
--   psql -v ON_ERROR_STOP=1 -v app_role=noaber_app -f deploy/postgresql-roles.sql \
--        'host=db.example.nl dbname=noaber user=noaber_owner'
--
-- It creates the role (LOGIN, no password: set one, or use certificates or
-- peer authentication as your platform does) when it does not exist, takes
-- every privilege of it on the schema away and grants the list below again,
-- so running it twice is harmless. docs/operations.md ("The application role").

\set ON_ERROR_STOP 1
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', :'app_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec

-- The database and the schema: connect and look up names, create nothing.
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app_role') \gexec
REVOKE ALL ON SCHEMA public FROM :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"app_role";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"app_role";

-- Read everything (noaber_schema included: the server checks the version).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"app_role";

-- Add rows: every table but noaber_schema (only the migrations write it).
GRANT INSERT ON
    settings, organisations, competencies, role_profiles, role_profile_competencies, people,
    person_competencies, person_learning_wishes, assignments, assignment_requesters,
    assignment_lines, tokens, audit_log,
    ledger_accounts, ledger_transfers, ledger_account_months,
    allocations, allocation_reservations, time_entries, time_entry_transfers, periods,
    team_proposals, team_proposal_lines, team_proposal_shortages, team_proposal_loads,
    team_proposal_month_shortages,
    assignment_consents, users, sessions, login_attempts, lessons,
    bundle_proposals, bundle_members, settlements, settlement_lines, programmes
TO :"app_role";

-- Change rows: only the columns the store's UPDATE statements set.
GRANT UPDATE (value) ON settings TO :"app_role"; -- INSERT ... ON CONFLICT DO UPDATE
GRANT UPDATE (code, kind, name, inhabitants, area_hundredths, fte_hundredths, caseload,
              fund_euros, fixed_share, credit_line_minutes, updated_at, revision)
    ON organisations TO :"app_role";
GRANT UPDATE (code, name, domain, description, updated_at, revision)
    ON competencies TO :"app_role";
GRANT UPDATE (name, description, updated_at, revision) ON role_profiles TO :"app_role";
GRANT UPDATE (organisation_id, name, email, job_title, scale, contract_minutes_week,
              network_minutes_week, birth_year, exit_date, active, updated_at, revision)
    ON people TO :"app_role";
GRANT UPDATE (title, description, kind, work_type, status, priority, start_date, end_date,
              sponsor, client_person_id, updated_at, revision, programme_id)
    ON assignments TO :"app_role";
GRANT UPDATE (competency_id, min_level, minutes, month_profile) ON assignment_lines TO :"app_role";
GRANT UPDATE (revoked_at) ON tokens TO :"app_role";
-- the ledger: balances of an account; of a transfer only its resolution and reversal.
-- The month totals (migrations 017, 019): the ledger's write path adds each batch's
-- contributions (INSERT ... ON CONFLICT DO UPDATE of the six sums); never DELETE.
GRANT UPDATE (debits_pending, debits_posted, credits_pending, credits_posted,
              credit_line_minutes)
    ON ledger_accounts TO :"app_role";
GRANT UPDATE (pending_state, posted_amount, resolved_by, reversed_by)
    ON ledger_transfers TO :"app_role";
GRANT UPDATE (delta, taken, brought, deposit_minutes, deposit_cents, credit_line)
    ON ledger_account_months TO :"app_role";
-- hours: an allocation's status and posted minutes, a reservation resolved, an entry decided
GRANT UPDATE (status, updated_at, revision, confirmed_at, ended_at, minutes_posted)
    ON allocations TO :"app_role";
GRANT UPDATE (state, posted_minutes, resolved_by) ON allocation_reservations TO :"app_role";
GRANT UPDATE (status, decided_by, decided_by_person_id, decided_at, reason, updated_at,
              revision)
    ON time_entries TO :"app_role";
GRANT UPDATE (status, updated_at, revision) ON team_proposals TO :"app_role";
GRANT UPDATE (accepted, allocation_id) ON team_proposal_lines TO :"app_role";
GRANT UPDATE (disabled_at, updated_at, revision, password_hash, totp_pending, totp_secret,
              totp_enrolled, totp_last_step)
    ON users TO :"app_role";
GRANT UPDATE (ended_at, end_reason, last_seen_s) ON sessions TO :"app_role";
GRANT UPDATE (status, merged_assignment_id, decided_at, revision)
    ON bundle_proposals TO :"app_role";
GRANT UPDATE (decision, note, decided_by, decided_role, decided_person_id, decided_at)
    ON bundle_members TO :"app_role";
GRANT UPDATE (name, kind, organisation_id, first_year, last_year, description, updated_at,
              revision)
    ON programmes TO :"app_role";

-- Delete rows: only lists the code replaces as a whole.
GRANT DELETE ON
    settings, role_profile_competencies, person_competencies, person_learning_wishes,
    assignment_requesters, assignment_lines
TO :"app_role";
