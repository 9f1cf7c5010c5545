-- Counting a subtree on a day reads only the spells index (an index-only
-- scan): what the counts need is computed once per row and carried in the
-- index, so a province's 50,000 members are counted without touching the
-- table (docs/decisions/0007-reporting-spells.md).
ALTER TABLE reporting.member_spells
  ADD COLUMN minority boolean GENERATED ALWAYS AS (lower(ethnicity) <> 'kinh') STORED,
  ADD COLUMN religious boolean GENERATED ALWAYS AS (religion <> '') STORED,
  -- YYYYMMDD: full years on a day are (day's key − birth key) / 10000.
  ADD COLUMN birth_key integer GENERATED ALWAYS AS (
    (extract(year FROM birth_date) * 10000 + extract(month FROM birth_date) * 100
     + extract(day FROM birth_date))::integer) STORED;
DROP INDEX reporting.member_spells_organization;
CREATE INDEX member_spells_organization
  ON reporting.member_spells (organization_id, valid_to, valid_from)
  INCLUDE (status, exempted, female, minority, religious, youth_union, birth_key,
           general_education, qualification, political_theory);
