-- Read models of inspection's feed: each program, inspection, discipline
-- case and petition as inspection last published it, with the dates the
-- reports count by. A subject is a member or an organization (one is set).

CREATE TABLE reporting.programs (
  id                   bigint PRIMARY KEY,
  actor_kind           smallint NOT NULL,
  actor_organization   bigint NOT NULL,
  board                text NOT NULL,
  year                 integer NOT NULL,
  planned_inspections  integer NOT NULL,
  planned_supervisions integer NOT NULL
);

CREATE TABLE reporting.inspections (
  id                 bigint PRIMARY KEY,
  kind               smallint NOT NULL,
  actor_kind         smallint NOT NULL,
  actor_organization bigint NOT NULL,
  subject_member     bigint,
  subject_organization bigint,
  program_id         bigint,
  planned_on         date NOT NULL,
  opened_on          date,
  concluded_on       date,
  violation          boolean NOT NULL DEFAULT false
);
CREATE INDEX inspections_opened ON reporting.inspections (opened_on);

CREATE TABLE reporting.discipline_cases (
  id                   bigint PRIMARY KEY,
  subject_member       bigint,
  subject_organization bigint,
  form                 smallint NOT NULL,  -- as decided; 0 while open
  decided_on           date,
  annulled             boolean NOT NULL DEFAULT false
);
CREATE INDEX discipline_cases_decided ON reporting.discipline_cases (decided_on);

CREATE TABLE reporting.petitions (
  id              bigint PRIMARY KEY,
  kind            smallint NOT NULL,
  organization_id bigint NOT NULL,  -- whose body received it
  received_on     date NOT NULL,
  state           smallint NOT NULL,
  closed_on       date,             -- resolved, forwarded or not handled
  due_on          date
);
