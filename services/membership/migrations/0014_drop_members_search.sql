-- A list's search is a substring test (strpos) made while the list walks the
-- name index or reads a small subtree's members (member_store.cc); no plan
-- reads the trigram index any more, and every member written kept it up to
-- date. A search through it would read every match in the whole membership
-- before keeping the subtree's: fast for a rare name, slow for a common one
-- (2.3 % of a province's members match "nguyen van").
DROP INDEX IF EXISTS membership.members_search;
