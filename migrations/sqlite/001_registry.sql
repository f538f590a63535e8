-- 001_registry: the network's registry, API tokens and the audit log.
-- Written so that PostgreSQL accepts the same statements apart from the
-- identity columns (INTEGER PRIMARY KEY here, BIGINT IDENTITY there).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('gemeente', 'pool', 'partner')),
  name TEXT NOT NULL,
  inhabitants BIGINT NOT NULL DEFAULT 0 CHECK (inhabitants >= 0),
  area_hundredths BIGINT NOT NULL DEFAULT 0 CHECK (area_hundredths >= 0),
  fte_hundredths BIGINT NOT NULL DEFAULT 0 CHECK (fte_hundredths >= 0),
  caseload BIGINT NOT NULL DEFAULT 0 CHECK (caseload >= 0),
  fund_euros BIGINT NOT NULL DEFAULT 0 CHECK (fund_euros >= 0),
  fixed_share BIGINT NOT NULL DEFAULT 0 CHECK (fixed_share >= 0),
  credit_line_minutes BIGINT NOT NULL DEFAULT 0 CHECK (credit_line_minutes >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE competencies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  domain TEXT NOT NULL CHECK (domain IN ('sociaal', 'fysiek', 'bedrijfsvoering',
                                         'dienstverlening', 'veiligheid', 'bestuur-en-strategie')),
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE role_profiles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE role_profile_competencies (
  role_profile_id BIGINT NOT NULL REFERENCES role_profiles(id),
  competency_id BIGINT NOT NULL REFERENCES competencies(id),
  weight BIGINT NOT NULL CHECK (weight BETWEEN 1 AND 100),
  PRIMARY KEY (role_profile_id, competency_id)
);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  job_title TEXT NOT NULL DEFAULT '',
  scale BIGINT NOT NULL CHECK (scale BETWEEN 1 AND 18),
  contract_minutes_week BIGINT NOT NULL CHECK (contract_minutes_week BETWEEN 0 AND 2880),
  network_minutes_week BIGINT NOT NULL CHECK (network_minutes_week >= 0
                                              AND network_minutes_week <= contract_minutes_week),
  birth_year BIGINT,
  exit_date TEXT,
  active BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX people_organisation ON people(organisation_id);

CREATE TABLE person_competencies (
  person_id BIGINT NOT NULL REFERENCES people(id),
  competency_id BIGINT NOT NULL REFERENCES competencies(id),
  level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (person_id, competency_id)
);
CREATE INDEX person_competencies_competency ON person_competencies(competency_id, level);

CREATE TABLE person_learning_wishes (
  person_id BIGINT NOT NULL REFERENCES people(id),
  competency_id BIGINT NOT NULL REFERENCES competencies(id),
  PRIMARY KEY (person_id, competency_id)
);

CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('lokaal', 'meervoudig-lokaal', 'regionaal')),
  work_type TEXT NOT NULL CHECK (work_type IN ('regulier', 'verandering')),
  status TEXT NOT NULL CHECK (status IN ('concept', 'ingediend', 'geaccepteerd', 'bemenst',
                                         'in-uitvoering', 'afgerond', 'geannuleerd')),
  priority BIGINT NOT NULL CHECK (priority BETWEEN 1 AND 5),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  sponsor TEXT NOT NULL,
  client_person_id BIGINT NOT NULL REFERENCES people(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  CHECK (end_date >= start_date)
);
CREATE INDEX assignments_status ON assignments(status);

CREATE TABLE assignment_requesters (
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  share BIGINT NOT NULL CHECK (share >= 1),
  PRIMARY KEY (assignment_id, organisation_id)
);
CREATE INDEX assignment_requesters_org ON assignment_requesters(organisation_id);

CREATE TABLE assignment_lines (
  id INTEGER PRIMARY KEY,
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  position BIGINT NOT NULL,
  competency_id BIGINT NOT NULL REFERENCES competencies(id),
  min_level BIGINT NOT NULL CHECK (min_level BETWEEN 1 AND 5),
  minutes BIGINT NOT NULL CHECK (minutes > 0),
  UNIQUE (assignment_id, position)
);

CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('beheer', 'coordinator', 'medewerker', 'lezer')),
  organisation_id BIGINT REFERENCES organisations(id),
  person_id BIGINT REFERENCES people(id),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  remote TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
