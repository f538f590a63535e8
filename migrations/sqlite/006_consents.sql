-- 006_consents: DOMAIN rule 9, no charge without consent. One row per
-- recorded consent (instemming) of an organisation to be charged for an
-- assignment: who gave it (the token's label, role, person, organisation),
-- when (UTC), how (basis) and the terms it covers (its share out of the
-- total of shares then: the consent covers any later charge whose fraction
-- share/total is not larger). A row with organisation_id NULL is the
-- network's acceptance of a regional assignment (charged by the network's
-- allocation key), recorded when network management accepts it. Rows are
-- history: never changed, never deleted. See core/consent.h.

CREATE TABLE assignment_consents (
  id INTEGER PRIMARY KEY,
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  organisation_id BIGINT REFERENCES organisations(id),   -- NULL: the network
  basis TEXT NOT NULL CHECK (basis IN ('aanvrager', 'instemming', 'netwerk')),
  kind TEXT NOT NULL CHECK (kind IN ('lokaal', 'meervoudig-lokaal', 'regionaal')),
  share BIGINT NOT NULL CHECK (share >= 1),
  shares_total BIGINT NOT NULL CHECK (shares_total >= share),
  actor TEXT NOT NULL,                   -- token label or user name
  actor_role TEXT NOT NULL,
  actor_person_id BIGINT,
  actor_organisation_id BIGINT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,              -- when it was given (kept on import)
  imported_at TEXT,                      -- set when it came in through `noaber import`
  CHECK ((basis = 'netwerk') = (organisation_id IS NULL))
);
CREATE INDEX assignment_consents_assignment ON assignment_consents(assignment_id, organisation_id);

CREATE TRIGGER assignment_consents_no_delete BEFORE DELETE ON assignment_consents
BEGIN
  SELECT RAISE(ABORT, 'consents are never deleted');
END;

CREATE TRIGGER assignment_consents_immutable BEFORE UPDATE ON assignment_consents
BEGIN
  SELECT RAISE(ABORT, 'consents are immutable');
END;
