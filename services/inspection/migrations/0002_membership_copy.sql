-- Inspection's own copy of what it needs from membership, built from
-- membership's feed (never from its tables): the organization tree and each
-- member's status and cell over time, so subjects and scopes are checked on
-- any date.

CREATE TABLE inspection.organizations (
  id             bigint PRIMARY KEY,
  established_on date NOT NULL,
  dissolved_on   date  -- the first day it no longer exists
);

-- Name, kind and parent per period [valid_from, valid_to).
CREATE TABLE inspection.organization_versions (
  organization_id bigint NOT NULL REFERENCES inspection.organizations (id),
  valid_from      date NOT NULL,
  valid_to        date NOT NULL DEFAULT 'infinity',
  display_name    text NOT NULL,
  kind            smallint NOT NULL,  -- membership.v1.OrganizationKind
  parent_id       bigint,
  PRIMARY KEY (organization_id, valid_from)
);
CREATE INDEX organization_versions_parent
  ON inspection.organization_versions (parent_id, valid_from);

-- Membership's status events, as published (corrections included).
CREATE TABLE inspection.member_events (
  member_id       bigint NOT NULL,
  event_id        bigint NOT NULL,
  kind            smallint NOT NULL,  -- membership.v1.MemberEventKind
  effective_on    date NOT NULL,
  organization_id bigint,
  initial_status  smallint NOT NULL DEFAULT 0,
  corrects        bigint,
  PRIMARY KEY (member_id, event_id)
);

-- The fold of each member's events: status and cell per period [valid_from,
-- valid_to), rebuilt whenever one of the member's events arrives.
CREATE TABLE inspection.member_spells (
  member_id       bigint NOT NULL,
  valid_from      date NOT NULL,
  valid_to        date NOT NULL,
  status          smallint NOT NULL,  -- membership.v1.MemberStatus
  organization_id bigint,
  PRIMARY KEY (member_id, valid_from)
);
CREATE INDEX member_spells_organization
  ON inspection.member_spells (organization_id, valid_from);
