-- Discipline decisions of inspection applied to members, once per decision:
-- the feed checkpoint makes a replay skip events already applied, and this
-- key makes a decision delivered again (e.g. from a rebuilt checkpoint) a
-- no-op. A decision membership could not apply is kept with the reason.
CREATE TABLE membership.applied_discipline (
  discipline_case text PRIMARY KEY,  -- inspection's "disciplineCases/{id}"
  member_id       bigint NOT NULL,
  member_event    text NOT NULL DEFAULT '',  -- "members/{m}/events/{e}", if applied
  refused         text NOT NULL DEFAULT '',  -- why not, if refused
  applied_at      timestamptz NOT NULL DEFAULT now()
);
