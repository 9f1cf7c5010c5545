-- Counting a whole tree on a day without reading every spell
-- (docs/decisions/0007-reporting-spells.md). The open spells (valid_to =
-- infinity) are kept summed along each breakdown of the membership report —
-- by birth day, by the member's reportable attributes, by cell — in step with
-- the spells (a trigger, in the same transaction). Members on a day d are
-- then these totals, plus the closed spells covering d, minus the open spells
-- not yet begun on d: only the spells that changed after d are read.
CREATE TABLE reporting.open_spells_by_birth (
  birth_key integer PRIMARY KEY,  -- YYYYMMDD, as member_spells.birth_key
  members   bigint NOT NULL
);
CREATE TABLE reporting.open_spells_by_organization (
  organization_id bigint PRIMARY KEY,
  members         bigint NOT NULL
);
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
  members           bigint NOT NULL,
  PRIMARY KEY (status, exempted, female, minority, religious, youth_union, general_education,
               qualification, political_theory)
);

-- The spells that changed after a day: closed ones (ended after it) and
-- open ones (begun after it), each read from its own covering index.
CREATE INDEX member_spells_closed ON reporting.member_spells (valid_to, valid_from)
  INCLUDE (organization_id, birth_key, status, exempted, female, minority, religious, youth_union,
           general_education, qualification, political_theory)
  WHERE valid_to <> 'infinity';
CREATE INDEX member_spells_open ON reporting.member_spells (valid_from)
  INCLUDE (organization_id, birth_key, status, exempted, female, minority, religious, youth_union,
           general_education, qualification, political_theory)
  WHERE valid_to = 'infinity';

-- Adds the open spells among a statement's inserted rows to the totals and
-- takes away those among its deleted rows (transition tables new_spells and
-- old_spells; an UPDATE has both).
CREATE FUNCTION reporting.count_open_spells() RETURNS trigger LANGUAGE plpgsql AS $$
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
           qualification, political_theory, sum(sign)
    FROM open GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT (status, exempted, female, minority, religious, youth_union, general_education,
                 qualification, political_theory)
    DO UPDATE SET members = t.members + excluded.members
  $sql$, changed);
  RETURN NULL;
END
$$;

CREATE TRIGGER member_spells_inserted AFTER INSERT ON reporting.member_spells
  REFERENCING NEW TABLE AS new_spells FOR EACH STATEMENT
  EXECUTE FUNCTION reporting.count_open_spells();
CREATE TRIGGER member_spells_deleted AFTER DELETE ON reporting.member_spells
  REFERENCING OLD TABLE AS old_spells FOR EACH STATEMENT
  EXECUTE FUNCTION reporting.count_open_spells();
CREATE TRIGGER member_spells_updated AFTER UPDATE ON reporting.member_spells
  REFERENCING OLD TABLE AS old_spells NEW TABLE AS new_spells FOR EACH STATEMENT
  EXECUTE FUNCTION reporting.count_open_spells();

-- The spells already there.
INSERT INTO reporting.open_spells_by_birth
SELECT birth_key, count(*) FROM reporting.member_spells WHERE valid_to = 'infinity' GROUP BY 1;
INSERT INTO reporting.open_spells_by_organization
SELECT organization_id, count(*) FROM reporting.member_spells WHERE valid_to = 'infinity' GROUP BY 1;
INSERT INTO reporting.open_spells_by_attributes
SELECT status, exempted, female, minority, religious, youth_union, general_education,
       qualification, political_theory, count(*)
FROM reporting.member_spells WHERE valid_to = 'infinity' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
