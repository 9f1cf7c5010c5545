-- Reporting keeps the whole tree in memory between reports (TreeHistory in
-- tree_history.h): at country size reading its 330,000 versions took 0.4 s
-- of every report over a period, a province's among them. The revision
-- says when the tree held is no longer the one a report's snapshot sees:
-- every statement that changes organization_versions moves it on, in the
-- same transaction. `epoch` tells a schema created again from the one held.
CREATE TABLE reporting.tree_revision (
  epoch    uuid   NOT NULL DEFAULT gen_random_uuid(),
  revision bigint NOT NULL DEFAULT 0
);
INSERT INTO reporting.tree_revision DEFAULT VALUES;

CREATE FUNCTION reporting.next_tree_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reporting.tree_revision SET revision = revision + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER organization_versions_revision
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reporting.organization_versions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting.next_tree_revision();
