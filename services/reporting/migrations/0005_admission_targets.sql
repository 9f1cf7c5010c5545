-- Admission targets as membership last published them (AdmissionTargetChanged).
CREATE TABLE reporting.admission_targets (
  id              bigint PRIMARY KEY,
  organization_id bigint NOT NULL,
  source          smallint NOT NULL,  -- TargetSource
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  document        text NOT NULL
);
CREATE INDEX admission_targets_organization ON reporting.admission_targets (organization_id);
CREATE TABLE reporting.admission_target_counts (
  target_id bigint NOT NULL REFERENCES reporting.admission_targets (id),
  category  smallint NOT NULL,  -- AdmissionCategory
  count     integer NOT NULL,
  PRIMARY KEY (target_id, category)
);
