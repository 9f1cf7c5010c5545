-- Awards given to members (khen thưởng, trao tặng Huy hiệu Đảng).
CREATE TABLE membership.member_awards (
  id           bigserial PRIMARY KEY,
  member_id    bigint NOT NULL REFERENCES membership.members (id),
  kind         smallint NOT NULL CHECK (kind IN (1, 2)),  -- AwardKind
  -- A badge's years of party age; 0 for a commendation.
  badge_years  integer NOT NULL DEFAULT 0 CHECK ((kind = 1) = (badge_years > 0)),
  awarded_on   date NOT NULL,
  decision     text NOT NULL,
  awarded_by   text NOT NULL DEFAULT '',
  note         text NOT NULL DEFAULT '',
  recorded_by  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_awards_by_member ON membership.member_awards (member_id, awarded_on, id);
-- A member receives each badge once.
CREATE UNIQUE INDEX member_awards_badge_once ON membership.member_awards (member_id, badge_years)
  WHERE kind = 1;
