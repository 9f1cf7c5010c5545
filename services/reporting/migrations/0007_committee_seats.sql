-- Committee seats (cấp ủy viên by term) as membership last published them
-- (CommitteeMemberChanged): a seat's end and flags change, so each event
-- replaces its row.
CREATE TABLE reporting.committee_seats (
  id                bigint PRIMARY KEY,
  organization_id   bigint NOT NULL,
  member_id         bigint NOT NULL,
  role              smallint NOT NULL,  -- CommitteeRole
  term_start_year   integer NOT NULL,
  term_end_year     integer NOT NULL,
  from_on           date NOT NULL,
  to_on             date NOT NULL DEFAULT 'infinity',  -- the first day no longer serving
  also_head_of_unit boolean NOT NULL
);
CREATE INDEX committee_seats_term_start ON reporting.committee_seats (term_start_year);
CREATE INDEX committee_seats_term_end ON reporting.committee_seats (term_end_year);
