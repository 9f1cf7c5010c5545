-- For Biểu 7: members' awards as membership published them
-- (MemberAwardRecorded): party badges given and commendations.
CREATE TABLE reporting.member_awards (
  id          bigint PRIMARY KEY,
  member_id   bigint NOT NULL,
  kind        smallint NOT NULL,  -- AwardKind
  badge_years integer NOT NULL,   -- 0 for a commendation
  awarded_on  date NOT NULL
);
CREATE INDEX member_awards_awarded ON reporting.member_awards (awarded_on);
