-- 010_bundles: bundling alike local assignments of different municipalities,
-- with consent (issue 10, part 2; core/bundle.h, store/bundles.h).
--
-- 1. The status 'samengevoegd' (an original merged into a bundled
--    assignment; final). SQLite cannot alter a CHECK constraint, and
--    rebuilding assignments would touch every table that refers to it, so the
--    stored CREATE TABLE text gets the one new value (SQLite's documented
--    procedure for loosening a CHECK: writable_schema, then RESET so this
--    connection reparses the schema). The temporary table proves the edit
--    took: its CHECK fails the migration when the new value is not there.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''afgerond'', ''geannuleerd''))',
                     '''afgerond'', ''geannuleerd'', ''samengevoegd''))')
 WHERE type = 'table' AND name = 'assignments';
PRAGMA writable_schema = RESET;
CREATE TEMP TABLE migration_008_check (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_008_check
  SELECT instr(sql, '''samengevoegd''') > 0 FROM sqlite_schema
   WHERE type = 'table' AND name = 'assignments';
DROP TABLE migration_008_check;

-- 2. A bundling proposal: found by detection (POST /api/v1/bundelvoorstellen),
--    with its score, why (JSON: woorden, competenties, maanden) and the
--    estimate at that moment. status: voorgesteld (waiting for consent),
--    samengevoegd (everyone agreed; merged_assignment_id is the bundled
--    assignment), afgewezen (someone declined), vervallen (a member stopped
--    being open for bundling before everyone agreed). Nothing is ever charged
--    for a proposal: only the bundled assignment is, after every requester's
--    consent (recorded in assignment_consents when merging, DOMAIN rule 9).
--    A later programme link (issue 10, part 1) belongs to assignments; the merge
--    carries it over, so this table needs none.
CREATE TABLE bundle_proposals (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('voorgesteld', 'samengevoegd', 'afgewezen', 'vervallen')),
  score REAL NOT NULL,
  text_score REAL NOT NULL,
  competency_score REAL NOT NULL,
  period_score REAL NOT NULL,
  why TEXT NOT NULL,
  separate_minutes BIGINT NOT NULL CHECK (separate_minutes >= 0),
  bundled_minutes BIGINT NOT NULL CHECK (bundled_minutes >= 0),
  coordination_pct BIGINT NOT NULL CHECK (coordination_pct BETWEEN 0 AND 100),
  hour_rate_cents BIGINT,                -- the network rate at detection; NULL when unset
  merged_assignment_id BIGINT REFERENCES assignments(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  decided_at TEXT,
  revision BIGINT NOT NULL DEFAULT 1,
  CHECK ((status = 'samengevoegd') = (merged_assignment_id IS NOT NULL))
);
CREATE INDEX bundle_proposals_status ON bundle_proposals(status);

-- 3. Its members: one original local assignment per requesting municipality,
--    what that municipality asked (minutes, the share of the bundled
--    assignment) and its decision with a note, who gave it and when.
CREATE TABLE bundle_members (
  proposal_id BIGINT NOT NULL REFERENCES bundle_proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  minutes BIGINT NOT NULL CHECK (minutes >= 0),
  decision TEXT NOT NULL DEFAULT 'open' CHECK (decision IN ('open', 'akkoord', 'afgewezen')),
  note TEXT NOT NULL DEFAULT '',
  decided_by TEXT,
  decided_role TEXT,
  decided_person_id BIGINT,
  decided_at TEXT,
  PRIMARY KEY (proposal_id, assignment_id),
  UNIQUE (proposal_id, organisation_id)
);
CREATE INDEX bundle_members_assignment ON bundle_members(assignment_id);
CREATE INDEX bundle_members_organisation ON bundle_members(organisation_id);

-- A decision is taken once.
CREATE TRIGGER bundle_members_decide_once BEFORE UPDATE OF decision ON bundle_members
WHEN OLD.decision <> 'open'
BEGIN
  SELECT RAISE(ABORT, 'a bundling decision is taken once');
END;

CREATE TRIGGER bundle_proposals_no_delete BEFORE DELETE ON bundle_proposals
BEGIN
  SELECT RAISE(ABORT, 'bundling proposals are kept');
END;
