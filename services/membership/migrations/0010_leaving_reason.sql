-- Why a member left the Party (MemberEvent.leaving_reason): some reasons bar
-- readmission for good.
ALTER TABLE membership.member_events ADD COLUMN leaving_reason smallint NOT NULL DEFAULT 0;
