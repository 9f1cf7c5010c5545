-- For Biểu 2 and Biểu 7: the occupation of each record version (new
-- members by occupation; a rebuild fills it for records applied before),
-- admission days looked up for party badges, and the party-card register
-- as membership published it (PartyCardIssued).
ALTER TABLE reporting.member_records ADD COLUMN occupation text NOT NULL DEFAULT '';
CREATE INDEX member_records_admitted ON reporting.member_records (admitted_on);

CREATE TABLE reporting.party_card_issues (
  id        bigint PRIMARY KEY,
  member_id bigint NOT NULL,
  kind      smallint NOT NULL,  -- PartyCardIssueKind
  issued_on date NOT NULL
);
CREATE INDEX party_card_issues_issued ON reporting.party_card_issues (issued_on);
