-- Discipline decisions applied by membership now also cover organizations
-- (giải tán, carried out as a reorganization) and the restoration of a
-- member when an appeal annuls or softens an expulsion (a correction that
-- voids the EXPELLED event). Exactly one subject per row.
ALTER TABLE membership.applied_discipline
  ALTER COLUMN member_id DROP NOT NULL,
  ADD COLUMN organization_id bigint,
  ADD COLUMN reorganization text NOT NULL DEFAULT '',  -- "reorganizations/{r}", if applied
  ADD COLUMN restored_by text NOT NULL DEFAULT '',     -- the correction that restored the member
  ADD COLUMN restore_refused text NOT NULL DEFAULT '', -- why not restored, if not
  ADD CONSTRAINT applied_discipline_one_subject
    CHECK ((member_id IS NULL) <> (organization_id IS NULL));
