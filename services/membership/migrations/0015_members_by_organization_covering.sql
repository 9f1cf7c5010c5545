-- A search in a subtree reads the subtree's members, organization by
-- organization, and keeps those whose name holds the text (member_store.cc).
-- With the filtered and sorted columns in the index that read touches only
-- the index (an index-only scan), not a table page for every member: a
-- search in a province's district-sized unit (3,400–8,000 members) costs
-- PostgreSQL 1–3 ms, against 9 ms reading the table and 4–15 ms walking
-- the name index past the rest of the province.
-- Built in the migration's transaction: the members' reads and writes wait
-- for it (7.4 s at country size).
DROP INDEX membership.members_by_organization;
CREATE INDEX members_by_organization ON membership.members (organization_id, status)
  INCLUDE (id, given_name, full_name, gender, ethnicity, qualification, political_theory,
           birth_date, admitted_on, search_name);
