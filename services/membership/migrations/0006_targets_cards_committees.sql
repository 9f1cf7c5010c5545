-- Admission targets (chỉ tiêu kết nạp), the party-card register (cấp, cấp
-- lại thẻ đảng viên) and committee members by term (cấp ủy viên).

CREATE TABLE membership.admission_targets (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES membership.organizations (id),
  source          smallint NOT NULL CHECK (source IN (1, 2)),  -- TargetSource
  period_start    date NOT NULL,
  period_end      date NOT NULL CHECK (period_end >= period_start),
  document        text NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, source, period_start, period_end)
);
CREATE TABLE membership.admission_target_counts (
  target_id bigint NOT NULL REFERENCES membership.admission_targets (id) ON DELETE CASCADE,
  category  smallint NOT NULL CHECK (category BETWEEN 1 AND 6),  -- AdmissionCategory
  count     integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (target_id, category)
);

CREATE TABLE membership.party_cards (
  id           bigserial PRIMARY KEY,
  member_id    bigint NOT NULL REFERENCES membership.members (id),
  kind         smallint NOT NULL CHECK (kind IN (1, 2)),  -- PartyCardIssueKind
  card_number  text NOT NULL,
  issued_on    date NOT NULL,
  reason       text NOT NULL DEFAULT '',
  decision     text NOT NULL DEFAULT '',
  recorded_by  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- A member's card is issued once; reissues follow it.
CREATE UNIQUE INDEX party_cards_first_issue ON membership.party_cards (member_id) WHERE kind = 1;
CREATE INDEX party_cards_by_member ON membership.party_cards (member_id, issued_on, id);
CREATE INDEX party_cards_by_day ON membership.party_cards (issued_on);

CREATE TABLE membership.committee_members (
  id                 bigserial PRIMARY KEY,
  organization_id    bigint NOT NULL REFERENCES membership.organizations (id),
  member_id          bigint NOT NULL REFERENCES membership.members (id),
  role               smallint NOT NULL CHECK (role BETWEEN 1 AND 4),  -- CommitteeRole
  term_start_year    integer NOT NULL,
  term_end_year      integer NOT NULL CHECK (term_end_year > term_start_year),
  from_on            date NOT NULL,
  to_on              date CHECK (to_on > from_on),  -- the first day no longer serving
  -- Nhất thể hóa: the secretary is also the head of the agency or unit.
  also_head_of_unit  boolean NOT NULL DEFAULT false,
  decision           text NOT NULL DEFAULT '',
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX committee_members_by_organization
  ON membership.committee_members (organization_id, from_on);
CREATE INDEX committee_members_by_member ON membership.committee_members (member_id);
