-- Synthetic read models at national scale for bench/reporting_scale: one
-- root, 112 provinces, 52,000 base cells (about 464 a province), 5.6 million
-- members with one open spell each, and a closed spell (an earlier cell) for
-- one member in five, so that history has to be skipped. Organization ids:
-- 1 the root, 2–113 the provinces (50,000 members each), 1000+ the cells. VACUUM sets the visibility
-- map, as autovacuum does in service, so counts are index-only scans. The
-- open spells' totals (migration 0010) are kept by the spells' triggers.
\set ON_ERROR_STOP on
SET search_path = reporting;
TRUNCATE organization_versions, member_spells, spell_totals_by_birth,
  spell_totals_by_organization, spell_totals_by_attributes;

INSERT INTO organization_versions (organization_id, valid_from, display_name, kind, org_type, parent_id)
SELECT 1, date '2000-01-01', 'Đảng bộ toàn quốc', 1, 0, NULL
UNION ALL
SELECT p, date '2000-01-01', 'Đảng bộ tỉnh ' || p, 1, 0, 1 FROM generate_series(2, 113) p
UNION ALL
SELECT 1000 + c, date '2000-01-01', 'Chi bộ ' || c, 3, 1 + c % 5, 2 + c % 112
FROM generate_series(0, 51999) c;

-- Members: cell = 1000 + m % 52000; the earlier spell was in the next cell.
INSERT INTO member_spells (member_id, valid_from, valid_to, organization_id, status, exempted,
  temporarily_away, female, birth_date, ethnicity, religion, general_education, qualification,
  political_theory, youth_union, retired, admitted_on)
SELECT m, date '2015-01-01' + (m % 2000), 'infinity', 1000 + m % 52000, 1 + (m % 10 > 0)::int,
  m % 97 = 0, false, m % 8 < 3, date '1960-01-01' + (m % 14000),
  CASE WHEN m % 26 = 0 THEN 'Tày' ELSE 'Kinh' END, CASE WHEN m % 61 = 0 THEN 'Phật giáo' ELSE '' END,
  3, 2 + m % 6, 1 + m % 5, m % 5 = 0, m % 9 = 0, date '1980-01-01' + (m % 16000)
FROM generate_series(1, 5600000) m;
INSERT INTO member_spells (member_id, valid_from, valid_to, organization_id, status, exempted,
  temporarily_away, female, birth_date, ethnicity, religion, general_education, qualification,
  political_theory, youth_union, retired, admitted_on)
SELECT m, date '2005-01-01', date '2015-01-01' + (m % 2000), 1000 + (m + 1) % 52000, 2, false,
  false, m % 8 < 3, date '1960-01-01' + (m % 14000), 'Kinh', '', 3, 2 + m % 6, 1 + m % 5, false,
  false, date '1980-01-01' + (m % 16000)
FROM generate_series(5, 5600000, 5) m;
VACUUM ANALYZE organization_versions;
VACUUM ANALYZE member_spells;
-- Right after the load some pages are not all-visible yet (autovacuum's
-- own work on the fresh tables holds a snapshot); bench/reporting_scale
-- vacuums again once autovacuum is idle, as it would be in service.
