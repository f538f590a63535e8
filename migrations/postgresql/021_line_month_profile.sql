-- PostgreSQL dialect of migrations/sqlite/021_line_month_profile.sql (same version, same schema).
-- 021_line_month_profile: a line of an assignment may carry its own month
-- profile (issue 13 section 2), one canonical text "2027-01:2,2027-02:1"
-- (core/line_profile.h); NULL: the minutes follow the days of the period.
ALTER TABLE assignment_lines ADD COLUMN month_profile TEXT
  CHECK (month_profile IS NULL OR (length(month_profile) BETWEEN 9 AND 467
         AND month_profile ~ '^[0-9]{4}-[0-9]{2}:[0-9]{1,4}(,[0-9]{4}-[0-9]{2}:[0-9]{1,4})*$'));
