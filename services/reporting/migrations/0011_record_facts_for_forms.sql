-- The record facts the statistics forms count (Hướng dẫn 11-HD/BTCTW):
-- Biểu 3 splits the members working and retired and counts them by the
-- period they joined in; Biểu 2 counts new members who own a private
-- business and those with an academic title.
ALTER TABLE reporting.member_records
  ADD COLUMN retired                boolean NOT NULL DEFAULT false,
  ADD COLUMN private_business_owner boolean NOT NULL DEFAULT false,
  ADD COLUMN academic_title         smallint NOT NULL DEFAULT 0;

-- Spells carry what Biểu 3 counts: whether retired, and the admission day,
-- banded by the periods of the Party's history (thời kỳ vào Đảng):
-- 1 before 19/8/1945, 2 to 20/7/1954, 3 to 30/4/1975, 4 to 31/12/1985,
-- 5 from 1/1/1986 (đổi mới).
ALTER TABLE reporting.member_spells
  ADD COLUMN retired     boolean NOT NULL DEFAULT false,
  ADD COLUMN admitted_on date NOT NULL DEFAULT '0001-01-01';

-- The spells already there take the admission day of the member's latest
-- record; the totals are counted again below, so no trigger runs for it.
ALTER TABLE reporting.member_spells DISABLE TRIGGER USER;
UPDATE reporting.member_spells s SET admitted_on = r.admitted_on
FROM (SELECT DISTINCT ON (member_id) member_id, admitted_on FROM reporting.member_records
      ORDER BY member_id, valid_from DESC) r
WHERE r.member_id = s.member_id;
ALTER TABLE reporting.member_spells ENABLE TRIGGER USER;

ALTER TABLE reporting.member_spells
  ADD COLUMN admission_period smallint GENERATED ALWAYS AS (
    CASE WHEN admitted_on < '1945-08-19' THEN 1 WHEN admitted_on < '1954-07-21' THEN 2
         WHEN admitted_on < '1975-05-01' THEN 3 WHEN admitted_on < '1986-01-01' THEN 4
         ELSE 5 END) STORED;

-- The covering indexes carry the two new columns (index-only counts).
DROP INDEX reporting.member_spells_organization;
CREATE INDEX member_spells_organization
  ON reporting.member_spells (organization_id, valid_to, valid_from)
  INCLUDE (status, exempted, female, minority, religious, youth_union, birth_key,
           general_education, qualification, political_theory, retired, admission_period);
DROP INDEX reporting.member_spells_closed;
CREATE INDEX member_spells_closed ON reporting.member_spells (valid_to, valid_from)
  INCLUDE (organization_id, birth_key, status, exempted, female, minority, religious, youth_union,
           general_education, qualification, political_theory, retired, admission_period)
  WHERE valid_to <> 'infinity';
DROP INDEX reporting.member_spells_open;
CREATE INDEX member_spells_open ON reporting.member_spells (valid_from)
  INCLUDE (organization_id, birth_key, status, exempted, female, minority, religious, youth_union,
           general_education, qualification, political_theory, retired, admission_period)
  WHERE valid_to = 'infinity';

-- The open spells' totals by attributes gain the two keys.
DROP TABLE reporting.open_spells_by_attributes;
CREATE TABLE reporting.open_spells_by_attributes (
  status            smallint NOT NULL,
  exempted          boolean NOT NULL,
  female            boolean NOT NULL,
  minority          boolean NOT NULL,
  religious         boolean NOT NULL,
  youth_union       boolean NOT NULL,
  general_education smallint NOT NULL,
  qualification     smallint NOT NULL,
  political_theory  smallint NOT NULL,
  retired           boolean NOT NULL,
  admission_period  smallint NOT NULL,
  members           bigint NOT NULL,
  PRIMARY KEY (status, exempted, female, minority, religious, youth_union, general_education,
               qualification, political_theory, retired, admission_period)
);
INSERT INTO reporting.open_spells_by_attributes
SELECT status, exempted, female, minority, religious, youth_union, general_education,
       qualification, political_theory, retired, admission_period, count(*)
FROM reporting.member_spells WHERE valid_to = 'infinity' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

CREATE OR REPLACE FUNCTION reporting.count_open_spells() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_spells'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS sign FROM old_spells'
    ELSE 'SELECT *, 1 AS sign FROM new_spells UNION ALL SELECT *, -1 AS sign FROM old_spells'
  END;
BEGIN
  EXECUTE format($sql$
    WITH open AS (SELECT * FROM (%s) c WHERE valid_to = 'infinity'),
    births AS (
      INSERT INTO reporting.open_spells_by_birth AS t
      SELECT birth_key, sum(sign) FROM open GROUP BY 1
      ON CONFLICT (birth_key) DO UPDATE SET members = t.members + excluded.members),
    organizations AS (
      INSERT INTO reporting.open_spells_by_organization AS t
      SELECT organization_id, sum(sign) FROM open GROUP BY 1
      ON CONFLICT (organization_id) DO UPDATE SET members = t.members + excluded.members)
    INSERT INTO reporting.open_spells_by_attributes AS t
    SELECT status, exempted, female, minority, religious, youth_union, general_education,
           qualification, political_theory, retired, admission_period, sum(sign)
    FROM open GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (status, exempted, female, minority, religious, youth_union, general_education,
                 qualification, political_theory, retired, admission_period)
    DO UPDATE SET members = t.members + excluded.members
  $sql$, changed);
  RETURN NULL;
END
$$;
