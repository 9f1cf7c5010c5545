-- Admissions (kết nạp đảng viên): party-awareness classes, candidates' files
-- and the append-only record of their steps.

CREATE TABLE membership.party_classes (
  id              bigserial PRIMARY KEY,
  display_name    text NOT NULL CHECK (display_name = normalize(display_name, NFC)),
  organization_id bigint NOT NULL REFERENCES membership.organizations (id),
  starts_on       date NOT NULL,
  ends_on         date NOT NULL CHECK (ends_on >= starts_on),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_classes_by_organization ON membership.party_classes (organization_id, id);

CREATE TABLE membership.admissions (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES membership.organizations (id),
  former_member_id bigint REFERENCES membership.members (id),
  -- The candidate's record (partywork.membership.v1.Member as proto JSON);
  -- the name is repeated for lists.
  candidate        jsonb NOT NULL,
  full_name        text NOT NULL,
  stage            smallint NOT NULL CHECK (stage BETWEEN 1 AND 9),  -- AdmissionStage
  -- The dates the rules and the overdue list need, copied from the steps.
  last_step_on     date NOT NULL,
  certified_on     date,
  applied_on       date,
  resolved_on      date,
  decided_on       date,
  held_on          date,
  member_id        bigint REFERENCES membership.members (id),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admissions_by_organization ON membership.admissions (organization_id, id);
-- The overdue list reads only files waiting for a dated step.
CREATE INDEX admissions_waiting ON membership.admissions (stage, id) WHERE stage BETWEEN 3 AND 7;

CREATE TABLE membership.admission_steps (
  id           bigserial PRIMARY KEY,
  admission_id bigint NOT NULL REFERENCES membership.admissions (id),
  -- The step's field name in Admission ("source", "cell_vote" …) and its
  -- message as proto JSON.
  step         text NOT NULL,
  effective_on date NOT NULL,
  detail       jsonb NOT NULL,
  -- For class_completion: the class and the certificate.
  party_class_id bigint REFERENCES membership.party_classes (id),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  text NOT NULL
);
CREATE INDEX admission_steps_by_admission ON membership.admission_steps (admission_id, id);
CREATE INDEX admission_steps_by_class ON membership.admission_steps (party_class_id)
  WHERE party_class_id IS NOT NULL;

-- Steps are never rewritten: a renewed application is a new step.
CREATE TRIGGER admission_steps_no_update BEFORE UPDATE OR DELETE ON membership.admission_steps
  FOR EACH ROW EXECUTE FUNCTION membership.refuse_history_change();
