-- Counting the whole tree on any day from the nearest day whose totals are
-- kept (docs/decisions/0007-reporting-spells.md). Migration 0010 kept the
-- open spells summed along each breakdown, so a day long past read every
-- spell that changed after it (a year back at country size: a million
-- spells, 2.4 s). The totals are now kept for a few anchor days as well —
-- the last year-ends and quarter-ends, the days reports are asked for — and
-- 'infinity' stands for the open spells. A day is counted from its nearest
-- anchor: the anchor's totals, plus or minus the spells begun or ended
-- between the two.
CREATE TABLE reporting.count_anchors (
  day date PRIMARY KEY  -- totals of the spells covering the day; 'infinity': the open spells
);
INSERT INTO reporting.count_anchors VALUES ('infinity');

ALTER TABLE reporting.open_spells_by_birth RENAME TO spell_totals_by_birth;
ALTER TABLE reporting.open_spells_by_organization RENAME TO spell_totals_by_organization;
ALTER TABLE reporting.open_spells_by_attributes RENAME TO spell_totals_by_attributes;
ALTER TABLE reporting.spell_totals_by_birth ADD COLUMN anchor date NOT NULL DEFAULT 'infinity';
ALTER TABLE reporting.spell_totals_by_organization
  ADD COLUMN anchor date NOT NULL DEFAULT 'infinity';
ALTER TABLE reporting.spell_totals_by_attributes ADD COLUMN anchor date NOT NULL DEFAULT 'infinity';
ALTER TABLE reporting.spell_totals_by_birth ALTER COLUMN anchor DROP DEFAULT;
ALTER TABLE reporting.spell_totals_by_organization ALTER COLUMN anchor DROP DEFAULT;
ALTER TABLE reporting.spell_totals_by_attributes ALTER COLUMN anchor DROP DEFAULT;
ALTER TABLE reporting.spell_totals_by_birth DROP CONSTRAINT open_spells_by_birth_pkey,
  ADD PRIMARY KEY (anchor, birth_key);
ALTER TABLE reporting.spell_totals_by_organization DROP CONSTRAINT open_spells_by_organization_pkey,
  ADD PRIMARY KEY (anchor, organization_id);
ALTER TABLE reporting.spell_totals_by_attributes DROP CONSTRAINT open_spells_by_attributes_pkey,
  ADD PRIMARY KEY (anchor, status, exempted, female, minority, religious, youth_union,
                   general_education, qualification, political_theory, retired, admission_period);

-- Between an anchor and a day, the spells begun (any spell, by valid_from)
-- and the spells ended (member_spells_closed, by valid_to), each read from
-- a covering index. The open spells' index is now a part of the first.
DROP INDEX reporting.member_spells_open;
CREATE INDEX member_spells_begun ON reporting.member_spells (valid_from)
  INCLUDE (organization_id, birth_key, status, exempted, female, minority, religious, youth_union,
           general_education, qualification, political_theory, retired, admission_period);

-- Adds a statement's inserted spells to the totals of every anchor they
-- cover and takes its deleted ones away (transition tables new_spells and
-- old_spells; an UPDATE has both). A spell updated in a column no total
-- keeps adds and takes away the same: only the sums that change are
-- written.
CREATE OR REPLACE FUNCTION reporting.count_open_spells() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_spells'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS sign FROM old_spells'
    ELSE 'SELECT *, 1 AS sign FROM new_spells UNION ALL SELECT *, -1 AS sign FROM old_spells'
  END;
BEGIN
  EXECUTE format($sql$
    WITH covering AS MATERIALIZED (
      SELECT a.day AS anchor, c.* FROM (%s) c JOIN reporting.count_anchors a
        ON c.valid_from <= a.day AND (c.valid_to > a.day OR c.valid_to = 'infinity')),
    births AS (
      INSERT INTO reporting.spell_totals_by_birth AS t (anchor, birth_key, members)
      SELECT anchor, birth_key, sum(sign) FROM covering GROUP BY 1, 2 HAVING sum(sign) <> 0
      ON CONFLICT (anchor, birth_key) DO UPDATE SET members = t.members + excluded.members),
    organizations AS (
      INSERT INTO reporting.spell_totals_by_organization AS t (anchor, organization_id, members)
      SELECT anchor, organization_id, sum(sign) FROM covering GROUP BY 1, 2 HAVING sum(sign) <> 0
      ON CONFLICT (anchor, organization_id) DO UPDATE SET members = t.members + excluded.members)
    INSERT INTO reporting.spell_totals_by_attributes AS t (anchor, status, exempted, female,
      minority, religious, youth_union, general_education, qualification, political_theory,
      retired, admission_period, members)
    SELECT anchor, status, exempted, female, minority, religious, youth_union, general_education,
           qualification, political_theory, retired, admission_period, sum(sign)
    FROM covering GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 HAVING sum(sign) <> 0
    ON CONFLICT (anchor, status, exempted, female, minority, religious, youth_union,
                 general_education, qualification, political_theory, retired, admission_period)
    DO UPDATE SET members = t.members + excluded.members
  $sql$, changed);
  RETURN NULL;
END
$$;
ALTER FUNCTION reporting.count_open_spells() RENAME TO count_spells_on_anchors;
