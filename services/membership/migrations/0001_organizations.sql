-- The organization tree (tổ chức đảng). Kinds and types are the numbers of
-- partywork.membership.v1.OrganizationKind / OrganizationType.
CREATE TABLE membership.organizations (
  id             bigserial PRIMARY KEY,
  display_name   text NOT NULL CHECK (display_name = normalize(display_name, NFC)),
  kind           smallint NOT NULL CHECK (kind BETWEEN 1 AND 5),
  org_type       smallint NOT NULL DEFAULT 0 CHECK (org_type BETWEEN 0 AND 5),
  parent_id      bigint REFERENCES membership.organizations (id),
  established_on date NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_parent ON membership.organizations (parent_id, id);
