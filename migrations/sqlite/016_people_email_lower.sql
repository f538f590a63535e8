-- 016_people_email_lower: the e-mail check of a person in O(log n) (issue 12).
--
-- Inserting or editing a person checks that no other person uses the same
-- address in any case (`lower(email) = lower($1)`, store/people.c). The
-- UNIQUE index on email does not serve lower(email), so every check read
-- the whole people table: the national demo (200,000 people) spent its time
-- in a quadratic scan. This expression index serves the check.
CREATE INDEX people_email_lower ON people(lower(email));
