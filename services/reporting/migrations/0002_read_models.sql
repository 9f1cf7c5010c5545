-- Read models shaped for the reports (docs/decisions/0007-reporting-spells.md).
-- Everything here is derived from the feeds: `rebuild` empties these tables
-- and the feed checkpoints, and replays the feeds.

ALTER TABLE reporting.organizations ADD COLUMN dissolved_on date;

-- The tree by date: one row per organization per period [valid_from, valid_to).
CREATE TABLE reporting.organization_versions (
  organization_id bigint NOT NULL,
  valid_from      date NOT NULL,
  valid_to        date NOT NULL DEFAULT 'infinity' CHECK (valid_to > valid_from),
  display_name    text NOT NULL,
  kind            smallint NOT NULL,
  org_type        smallint NOT NULL,
  parent_id       bigint,
  PRIMARY KEY (organization_id, valid_from)
);
-- Children of an organization on a day: parent, then versions still valid.
CREATE INDEX organization_versions_parent
  ON reporting.organization_versions (parent_id, valid_to, valid_from);

CREATE TABLE reporting.reorganizations (
  id           bigint PRIMARY KEY,
  kind         smallint NOT NULL,
  effective_on date NOT NULL,
  decision     text NOT NULL
);
CREATE INDEX reorganizations_effective ON reporting.reorganizations (effective_on);
CREATE TABLE reporting.reorganization_organizations (
  reorganization_id bigint NOT NULL REFERENCES reporting.reorganizations (id),
  organization_id   bigint NOT NULL,
  dissolved         boolean NOT NULL,  -- ended by it; else established or changed
  PRIMARY KEY (reorganization_id, organization_id)
);

-- A member's record, by the day each version was recorded ('0001-01-01' for
-- the record as created). Facts of birth (gender, birth date, ethnicity) are
-- corrections and apply to every version.
CREATE TABLE reporting.member_records (
  member_id         bigint NOT NULL,
  valid_from        date NOT NULL,
  gender            smallint NOT NULL,
  birth_date        date NOT NULL,
  ethnicity         text NOT NULL,
  religion          text NOT NULL,
  admitted_on       date NOT NULL,
  general_education smallint NOT NULL,
  qualification     smallint NOT NULL,
  political_theory  smallint NOT NULL,
  youth_union       boolean NOT NULL,
  student           boolean NOT NULL,
  PRIMARY KEY (member_id, valid_from)
);

-- The status history as membership recorded it (append-only there too).
CREATE TABLE reporting.member_events (
  member_id       bigint NOT NULL,
  event_id        bigint NOT NULL,
  kind            smallint NOT NULL,
  effective_on    date NOT NULL,
  organization_id bigint,
  initial_status  smallint NOT NULL,
  corrects        bigint,
  voided          boolean NOT NULL DEFAULT false,
  PRIMARY KEY (member_id, event_id)
);
CREATE INDEX member_events_effective ON reporting.member_events (effective_on, kind);

-- Spells: one row per member per period during which they were a member
-- (probationary or official) of one cell with the same reportable
-- attributes. A count on a day is a range over the spells of the subtree's
-- cells: valid_from <= day < valid_to.
CREATE TABLE reporting.member_spells (
  member_id         bigint NOT NULL,
  valid_from        date NOT NULL,
  valid_to          date NOT NULL CHECK (valid_to > valid_from),  -- 'infinity' while open
  organization_id   bigint NOT NULL,
  status            smallint NOT NULL,  -- MemberStatus: probationary or official
  exempted          boolean NOT NULL,
  temporarily_away  boolean NOT NULL,
  female            boolean NOT NULL,
  birth_date        date NOT NULL,
  ethnicity         text NOT NULL,
  religion          text NOT NULL,
  general_education smallint NOT NULL,
  qualification     smallint NOT NULL,
  political_theory  smallint NOT NULL,
  youth_union       boolean NOT NULL,
  PRIMARY KEY (member_id, valid_from)
);
-- Open and recent spells of a cell come first: closed history is skipped.
CREATE INDEX member_spells_organization
  ON reporting.member_spells (organization_id, valid_to, valid_from);
