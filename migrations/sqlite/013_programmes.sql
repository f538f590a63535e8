-- 013_programmes: programmes of assignments and the assignment's link to one
-- (issue 10, part 1; store/programmes.h).
--
-- A programme is a set of assignments planned together: the regional rMJP
-- work programme of a year (kind 'regionaal', no owner) or a municipality's
-- own multi-year programme (kind 'gemeentelijk', owned by that
-- organisation). Its period is whole years, first_year..last_year.
-- Programmes are never deleted (assignments refer to them).
--
-- An assignment belongs to at most one programme (programme_id NULL: none).
-- Its priority (1 highest .. 5) and its wanted period (start_date,
-- end_date) were already columns of assignments and are reused.
CREATE TABLE programmes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('regionaal', 'gemeentelijk')),
  organisation_id BIGINT REFERENCES organisations(id),
  first_year BIGINT NOT NULL CHECK (first_year BETWEEN 2000 AND 2100),
  last_year BIGINT NOT NULL CHECK (last_year BETWEEN 2000 AND 2100),
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  CHECK (last_year >= first_year),
  CHECK ((kind = 'gemeentelijk') = (organisation_id IS NOT NULL))
);
CREATE INDEX programmes_organisation ON programmes(organisation_id);

CREATE TRIGGER programmes_no_delete BEFORE DELETE ON programmes
BEGIN
  SELECT RAISE(ABORT, 'programmes are kept');
END;

ALTER TABLE assignments ADD COLUMN programme_id BIGINT REFERENCES programmes(id);
CREATE INDEX assignments_programme ON assignments(programme_id);
