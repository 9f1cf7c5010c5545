-- Counting a subtree's members on a day (member_counts.cc) groups its
-- spells by what the report breaks down. Grouped by five columns with a
-- count for each of seven attributes, then along each breakdown, the
-- grouping was most of a province's count at country size. The attributes
-- are now packed into one integer per spell, its profile, so the spells
-- group by profile, organization type and age band in one hash and
-- reporting unpacks the few thousand groups (SpellProfile, member_counts.h):
--   bits 0–6    female, minority, religious, Youth Union, probationary,
--               exempted, retired
--   bits 7–9    admission period (1–5, as admission_period in 0011)
--   bits 10–14  general education
--   bits 15–19  political theory
--   bits 20–24  qualification
-- A generated column cannot read another, so minority, religious and the
-- admission period are computed as migrations 0003 and 0011 compute them.
CREATE FUNCTION reporting.spell_profile(
  female boolean, ethnicity text, religion text, youth_union boolean, status smallint,
  exempted boolean, retired boolean, admitted_on date, general_education smallint,
  political_theory smallint, qualification smallint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- Every shift in parentheses (PostgreSQL gives | and << the same
  -- precedence, left to right), and on an integer (a smallint's overflows).
  SELECT female::integer | ((lower(ethnicity) <> 'kinh')::integer << 1)
    | ((religion <> '')::integer << 2) | (youth_union::integer << 3)
    | ((status = 1)::integer << 4) | (exempted::integer << 5) | (retired::integer << 6)
    | (CASE WHEN admitted_on < '1945-08-19' THEN 1 WHEN admitted_on < '1954-07-21' THEN 2
            WHEN admitted_on < '1975-05-01' THEN 3 WHEN admitted_on < '1986-01-01' THEN 4
            ELSE 5 END << 7)
    | (general_education::integer << 10) | (political_theory::integer << 15)
    | (qualification::integer << 20)
$$;

-- A code that outgrew its five bits would count under another: refused.
ALTER TABLE reporting.member_spells
  ADD CONSTRAINT member_spells_profile_codes CHECK (
    general_education BETWEEN 0 AND 31 AND political_theory BETWEEN 0 AND 31
    AND qualification BETWEEN 0 AND 31),
  ADD COLUMN profile integer GENERATED ALWAYS AS (reporting.spell_profile(
    female, ethnicity, religion, youth_union, status, exempted, retired, admitted_on,
    general_education, political_theory, qualification)) STORED;

-- The counts read the profile and the birth key from the index alone.
DROP INDEX reporting.member_spells_organization;
CREATE INDEX member_spells_organization ON reporting.member_spells
  (organization_id, valid_to, valid_from) INCLUDE (birth_key, profile);
