-- The organization tree as it was on any date. An organization keeps its
-- identity and lifetime in `organizations`; its name, kind, type and parent
-- live in `organization_versions`, one row per period [valid_from, valid_to).
-- Reorganizations (giải thể, sáp nhập, nâng cấp, chia tách, chuyển) close the
-- current version and open the next on their effective date; nothing is
-- overwritten, so a report for an earlier date sees the tree as it was.

CREATE TABLE membership.reorganizations (
  id           bigserial PRIMARY KEY,
  kind         smallint NOT NULL CHECK (kind BETWEEN 1 AND 5),  -- ReorganizationKind
  effective_on date NOT NULL,
  decision     text NOT NULL CHECK (decision <> ''),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership.organization_versions (
  organization_id   bigint NOT NULL REFERENCES membership.organizations (id),
  valid_from        date NOT NULL,
  valid_to          date CHECK (valid_to > valid_from),  -- exclusive; NULL: current
  display_name      text NOT NULL CHECK (display_name = normalize(display_name, NFC)),
  kind              smallint NOT NULL CHECK (kind BETWEEN 1 AND 5),
  org_type          smallint NOT NULL CHECK (org_type BETWEEN 0 AND 5),
  parent_id         bigint REFERENCES membership.organizations (id),
  reorganization_id bigint REFERENCES membership.reorganizations (id),
  PRIMARY KEY (organization_id, valid_from)
);
-- At most one open version per organization.
CREATE UNIQUE INDEX organization_versions_current
  ON membership.organization_versions (organization_id) WHERE valid_to IS NULL;
CREATE INDEX organization_versions_parent
  ON membership.organization_versions (parent_id, valid_from);

INSERT INTO membership.organization_versions
  (organization_id, valid_from, display_name, kind, org_type, parent_id)
SELECT id, established_on, display_name, kind, org_type, parent_id FROM membership.organizations;

DROP INDEX membership.organizations_parent;
ALTER TABLE membership.organizations
  DROP COLUMN display_name,
  DROP COLUMN kind,
  DROP COLUMN org_type,
  DROP COLUMN parent_id,
  ADD COLUMN dissolved_on date CHECK (dissolved_on > established_on),  -- first day it no longer exists
  ADD COLUMN established_by bigint REFERENCES membership.reorganizations (id),
  ADD COLUMN dissolved_by bigint REFERENCES membership.reorganizations (id);
