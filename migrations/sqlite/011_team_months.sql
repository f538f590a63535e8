-- 011_team_months: team proposals planned per calendar month (issue 13, part 2;
-- core/teaming.h month buckets, docs/teaming.md). A proposal records how many
-- month buckets it was planned with (0: the one window of the whole period),
-- each proposed person's load in every month (proposed minutes, the month's
-- load cap and availability) and the demand left per line and month with its
-- cause. Nothing is deleted.

ALTER TABLE team_proposals ADD COLUMN months BIGINT NOT NULL DEFAULT 0 CHECK (months >= 0);

CREATE TABLE team_proposal_loads (
  id INTEGER PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES team_proposals(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  month TEXT NOT NULL,                         -- YYYY-MM
  minutes BIGINT NOT NULL CHECK (minutes >= 0),  -- proposed in the month
  capacity BIGINT NOT NULL CHECK (capacity >= 0),  -- the load cap of the month
  available BIGINT NOT NULL CHECK (available >= 0) -- the month's availability
);
CREATE INDEX team_proposal_loads_proposal ON team_proposal_loads(proposal_id);

CREATE TABLE team_proposal_month_shortages (
  id INTEGER PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES team_proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  line_id BIGINT NOT NULL REFERENCES assignment_lines(id),
  month TEXT NOT NULL,                         -- YYYY-MM
  minutes_requested BIGINT NOT NULL,
  minutes_unmet BIGINT NOT NULL CHECK (minutes_unmet > 0),
  kind TEXT NOT NULL CHECK (kind IN ('geen-competentie', 'bezet', 'regels')),
  reason TEXT NOT NULL
);
CREATE INDEX team_proposal_month_shortages_proposal ON team_proposal_month_shortages(proposal_id);

CREATE TRIGGER team_proposal_loads_no_delete BEFORE DELETE ON team_proposal_loads
BEGIN
  SELECT RAISE(ABORT, 'team proposal loads are never deleted');
END;
CREATE TRIGGER team_proposal_loads_no_update BEFORE UPDATE ON team_proposal_loads
BEGIN
  SELECT RAISE(ABORT, 'team proposal loads do not change');
END;
CREATE TRIGGER team_proposal_month_shortages_no_delete BEFORE DELETE ON team_proposal_month_shortages
BEGIN
  SELECT RAISE(ABORT, 'team proposal shortages are never deleted');
END;
