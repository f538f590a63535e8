-- PostgreSQL dialect of migrations/sqlite/016_people_email_lower.sql (same version, same schema).
-- 016_people_email_lower: the e-mail check of a person (lower(email) =
-- lower($1), store/people.c) served by an index instead of a scan of people.
CREATE INDEX people_email_lower ON people(lower(email));
