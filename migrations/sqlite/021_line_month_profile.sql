-- 021_line_month_profile: a line of an assignment may carry its own month
-- profile (issue 13 section 2): relative weights per calendar month of the
-- assignment's period over which the teaming engine spreads the line's
-- minutes. NULL (every existing line): no profile, the minutes follow the
-- days of the period in each month, as before.
--
-- The profile is one canonical text, "2027-01:2,2027-02:1" (months in
-- order, each once, weights 0..1000, at most 36 months; core/line_profile.h
-- writes and reads it). It follows the line: lines keep their id at their
-- position, and so does the profile. The check keeps out anything but
-- digits, dashes, colons and commas, and bounds the length.
ALTER TABLE assignment_lines ADD COLUMN month_profile TEXT
  CHECK (month_profile IS NULL OR (length(month_profile) BETWEEN 9 AND 467
         AND month_profile GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]:[0-9]*'
         AND month_profile NOT GLOB '*[^0-9:,-]*'));
