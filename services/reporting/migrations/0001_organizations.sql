-- Reporting's copy of the organization tree, built from membership's feed.
CREATE TABLE reporting.organizations (
  id             bigint PRIMARY KEY,
  display_name   text NOT NULL,
  kind           smallint NOT NULL,
  org_type       smallint NOT NULL,
  parent_id      bigint,
  established_on date NOT NULL
);
CREATE INDEX organizations_parent ON reporting.organizations (parent_id);
