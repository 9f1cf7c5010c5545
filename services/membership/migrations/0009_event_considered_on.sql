-- The day the cell considered an admission (its vote): the age rule of an
-- ADMITTED event is checked on it, not on the later ceremony.
ALTER TABLE membership.member_events ADD COLUMN considered_on date;
