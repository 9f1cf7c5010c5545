-- Programs, inspections, petitions and discipline cases. Each row keeps the
-- resource as the API shows it (`body`, protobuf JSON) and, as columns, what
-- lists, checks and figures filter on. Cases and inspections are never
-- deleted: their steps only add to them.

CREATE TABLE inspection.programs (
  id                    bigserial PRIMARY KEY,
  actor_kind            smallint NOT NULL,
  actor_organization_id bigint NOT NULL,
  board                 text NOT NULL DEFAULT '',
  year                  integer NOT NULL,
  body                  jsonb NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- One program per actor and year.
  UNIQUE (actor_kind, actor_organization_id, board, year)
);

CREATE TABLE inspection.inspections (
  id                    bigserial PRIMARY KEY,
  kind                  smallint NOT NULL,
  actor_organization_id bigint NOT NULL,
  subject               text NOT NULL,
  program_id            bigint REFERENCES inspection.programs (id),
  petition_id           bigint,
  state                 smallint NOT NULL,
  opened_on             date,
  concluded_on          date,
  body                  jsonb NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspections_actor ON inspection.inspections (actor_organization_id, id);
CREATE INDEX inspections_program ON inspection.inspections (program_id);
CREATE INDEX inspections_subject ON inspection.inspections (subject, opened_on);
CREATE INDEX inspections_opened ON inspection.inspections (opened_on);

CREATE TABLE inspection.petitions (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL,
  subject         text NOT NULL,
  state           smallint NOT NULL,
  due_on          date,
  resolved_on     date,
  body            jsonb NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX petitions_organization ON inspection.petitions (organization_id, id);
CREATE INDEX petitions_due ON inspection.petitions (due_on) WHERE due_on IS NOT NULL;

CREATE TABLE inspection.discipline_cases (
  id            bigserial PRIMARY KEY,
  subject       text NOT NULL,
  inspection_id bigint REFERENCES inspection.inspections (id),
  petition_id   bigint REFERENCES inspection.petitions (id),
  state         smallint NOT NULL,
  body          jsonb NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((inspection_id IS NULL) <> (petition_id IS NULL))
);
CREATE INDEX discipline_cases_subject ON inspection.discipline_cases (subject);
