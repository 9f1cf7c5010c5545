-- The gateway's schema starts with the platform's tables (audit, idempotency,
-- checkpoints of the feeds it follows).
COMMENT ON SCHEMA gateway IS 'partywork gateway: the one entry point for clients';
