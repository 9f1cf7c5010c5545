-- ListMembers walks the members in name order and keeps those that pass its
-- filters. With the filtered columns in the index, the walk reads only the
-- index (an index-only scan) and the table only for the page it returns: a
-- filter that keeps few members (a small subtree, a rare name) no longer
-- reads a table row for every member passed over.
DROP INDEX membership.members_by_name;
CREATE INDEX members_by_name ON membership.members
  (given_name COLLATE "vi-x-icu", full_name COLLATE "vi-x-icu", id)
  INCLUDE (organization_id, status, gender, ethnicity, qualification, political_theory,
           birth_date, admitted_on, search_name);
