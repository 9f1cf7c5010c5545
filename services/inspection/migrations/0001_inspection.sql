-- Inspection's schema starts with the platform's tables (outbox, audit,
-- idempotency, checkpoints); its domain tables come in later migrations.
COMMENT ON SCHEMA inspection IS 'partywork inspection: programs, inspections, petitions, discipline';
