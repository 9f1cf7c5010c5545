-- Annual ratings as membership published them (RatingRecorded). A member's
-- rating carries the cell and base organization of 31 December of the year;
-- an organization's, the organization rated.
CREATE TABLE reporting.ratings (
  id                   bigint PRIMARY KEY,
  year                 integer NOT NULL,
  member_id            bigint,  -- null for an organization's rating
  organization_id      bigint NOT NULL,
  base_organization_id bigint,
  grade                smallint NOT NULL  -- RatingGrade
);
CREATE INDEX ratings_year ON reporting.ratings (year, organization_id);
