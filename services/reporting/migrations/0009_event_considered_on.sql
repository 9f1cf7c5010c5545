-- The day the cell considered an admission (MemberEvent.considered_on):
-- membership's history rules check the age on it, and the spells are folded
-- by the same rules.
ALTER TABLE reporting.member_events ADD COLUMN considered_on date;
