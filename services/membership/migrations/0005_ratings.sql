-- Annual ratings (đánh giá, xếp loại chất lượng) of members and
-- organizations: one per subject and year.
CREATE TABLE membership.ratings (
  id                   bigserial PRIMARY KEY,
  member_id            bigint REFERENCES membership.members (id),
  organization_id      bigint NOT NULL REFERENCES membership.organizations (id),
  -- Members only: the base organization whose excellent-share cap counts it.
  base_organization_id bigint REFERENCES membership.organizations (id),
  year                 integer NOT NULL,
  grade                smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),  -- RatingGrade
  points               smallint CHECK (points BETWEEN 0 AND 100),
  decision             text NOT NULL DEFAULT '',
  recorded_by          text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ratings_member_year ON membership.ratings (member_id, year)
  WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_organization_year ON membership.ratings (organization_id, year)
  WHERE member_id IS NULL;
CREATE INDEX ratings_cap ON membership.ratings (base_organization_id, year, grade)
  WHERE member_id IS NOT NULL;
CREATE INDEX ratings_by_year ON membership.ratings (year, organization_id);
