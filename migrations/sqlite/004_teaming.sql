-- 004_teaming: team proposals (teamvoorstellen) made by the teaming engine
-- (core/teaming.h, docs/teaming.md): the proposal with its parameters and
-- cost summary, its proposed allocations with cost parts and reasons, and
-- its shortages. Accepting a line creates a confirmed allocation
-- (allocations, 003) and records its id here. Nothing is deleted.

CREATE TABLE team_proposals (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('concept', 'geaccepteerd', 'deels-geaccepteerd',
                                         'verworpen')),
  parameters TEXT NOT NULL DEFAULT '{}',       -- JSON: the request and the cost model used
  period_start TEXT NOT NULL,                  -- the period the availability was computed for
  period_end TEXT NOT NULL,
  cost_total BIGINT NOT NULL,                  -- cost of the proposal
  cost_optimum BIGINT NOT NULL,                -- pure optimum before post-processing
  cost_gap BIGINT NOT NULL CHECK (cost_gap >= 0),
  minutes_requested BIGINT NOT NULL DEFAULT 0,
  minutes_allocated BIGINT NOT NULL DEFAULT 0,
  minutes_unmet BIGINT NOT NULL DEFAULT 0,
  rounds BIGINT NOT NULL DEFAULT 0,            -- post-processing re-solves
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE team_proposal_lines (
  id INTEGER PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES team_proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  line_id BIGINT NOT NULL REFERENCES assignment_lines(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  minutes BIGINT NOT NULL CHECK (minutes > 0),
  level BIGINT NOT NULL,
  min_level BIGINT NOT NULL,
  cost_overqual BIGINT NOT NULL DEFAULT 0,
  cost_wish BIGINT NOT NULL DEFAULT 0,
  cost_continuity BIGINT NOT NULL DEFAULT 0,
  cost_home BIGINT NOT NULL DEFAULT 0,
  cost_fairness BIGINT NOT NULL DEFAULT 0,
  cost_load BIGINT NOT NULL DEFAULT 0,
  cost_total BIGINT NOT NULL DEFAULT 0,
  reasons TEXT NOT NULL DEFAULT '[]',          -- JSON array of Dutch sentences
  accepted BIGINT NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
  allocation_id BIGINT REFERENCES allocations(id)
);
CREATE INDEX team_proposal_lines_proposal ON team_proposal_lines(proposal_id);

CREATE TABLE team_proposal_shortages (
  id INTEGER PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES team_proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  line_id BIGINT NOT NULL REFERENCES assignment_lines(id),
  competency_id BIGINT NOT NULL REFERENCES competencies(id),
  min_level BIGINT NOT NULL,
  minutes_requested BIGINT NOT NULL,
  minutes_unmet BIGINT NOT NULL CHECK (minutes_unmet > 0),
  candidates BIGINT NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('geen-competentie', 'bezet', 'regels')),
  reason TEXT NOT NULL
);
CREATE INDEX team_proposal_shortages_proposal ON team_proposal_shortages(proposal_id);

CREATE TRIGGER team_proposals_no_delete BEFORE DELETE ON team_proposals
BEGIN
  SELECT RAISE(ABORT, 'team proposals are never deleted');
END;
CREATE TRIGGER team_proposal_lines_no_delete BEFORE DELETE ON team_proposal_lines
BEGIN
  SELECT RAISE(ABORT, 'team proposal lines are never deleted');
END;
-- An accepted line stays accepted.
CREATE TRIGGER team_proposal_lines_accept_once BEFORE UPDATE ON team_proposal_lines
WHEN OLD.accepted = 1
BEGIN
  SELECT RAISE(ABORT, 'an accepted proposal line does not change');
END;
CREATE TRIGGER team_proposal_shortages_no_delete BEFORE DELETE ON team_proposal_shortages
BEGIN
  SELECT RAISE(ABORT, 'team proposal shortages are never deleted');
END;
