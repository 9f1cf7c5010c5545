-- Facts of a member's record the statistics forms count (Hướng dẫn
-- 11-HD/BTCTW): Biểu 3 splits members working and retired, Biểu 2 counts
-- new members who own a private business and those with an academic title.
ALTER TABLE membership.members
  ADD COLUMN retired                boolean NOT NULL DEFAULT false,
  ADD COLUMN private_business_owner boolean NOT NULL DEFAULT false,
  ADD COLUMN academic_title         smallint NOT NULL DEFAULT 0 CHECK (academic_title BETWEEN 0 AND 2);

-- Phục hồi đảng tịch (MemberEventKind RESTORED = 16).
ALTER TABLE membership.member_events DROP CONSTRAINT member_events_kind_check;
ALTER TABLE membership.member_events ADD CONSTRAINT member_events_kind_check
  CHECK (kind BETWEEN 1 AND 16);
