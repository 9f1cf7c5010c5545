-- Tables every service schema has. {{schema}} is the service's schema.

-- Idempotency keys: a mutation's request id is inserted in the same
-- transaction as the change, and its response stored, so a retry returns the
-- first result and never applies the change twice.
CREATE TABLE {{schema}}.idempotency_keys (
  request_id   text PRIMARY KEY,
  method       text NOT NULL,
  request_hash bytea NOT NULL,
  response     bytea,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_created_at ON {{schema}}.idempotency_keys (created_at);

-- Who did what: append-only.
CREATE TABLE {{schema}}.audit_log (
  id          bigserial PRIMARY KEY,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  subject     text NOT NULL,
  role        text NOT NULL,
  request_id  text NOT NULL,
  action      text NOT NULL,
  resource    text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_resource ON {{schema}}.audit_log (resource, recorded_at);

CREATE FUNCTION {{schema}}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON {{schema}}.audit_log
  FOR EACH ROW EXECUTE FUNCTION {{schema}}.refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {{schema}}.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_audit_change();

-- Transactional outbox. Writers insert rows without a sequence, in the
-- transaction of the change; the sequencer numbers committed rows one batch
-- at a time (under an advisory lock), so sequences appear in commit order
-- without gaps and a reader never skips a row that committed late.
CREATE TABLE {{schema}}.outbox (
  id          bigserial PRIMARY KEY,
  sequence    bigint UNIQUE,
  event_type  text NOT NULL,
  subject     text NOT NULL,
  request_id  text NOT NULL,
  payload     bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_unsequenced ON {{schema}}.outbox (id) WHERE sequence IS NULL;

-- Where this service's consumers stand in the feeds of others.
CREATE TABLE {{schema}}.feed_checkpoints (
  feed          text PRIMARY KEY,
  last_sequence bigint NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
