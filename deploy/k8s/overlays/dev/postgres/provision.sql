-- Provisions partywork's database: one role and one schema per service.
-- Run once as a superuser (scripts/start and the test harness do) with psql
-- -v dbname=partywork. Idempotent. Each service role owns its own schema and
-- has no right on the others': no service can read another's tables.
\set ON_ERROR_STOP on

SELECT format('CREATE DATABASE %I', :'dbname')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
\c :dbname

DO $$
DECLARE
  svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['membership', 'inspection', 'reporting', 'gateway'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'partywork_' || svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', 'partywork_' || svc);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), 'partywork_' || svc);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, 'partywork_' || svc);
  END LOOP;
END
$$;

-- Nobody but the owners may create objects anywhere else.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE CREATE, TEMPORARY ON DATABASE :"dbname" FROM PUBLIC;

-- Shared, read-only helpers for Vietnamese text search: unaccent and pg_trgm
-- live in their own schema, usable by every service.
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;
GRANT USAGE ON SCHEMA extensions TO partywork_membership, partywork_inspection,
  partywork_reporting, partywork_gateway;
-- unaccent() is only STABLE; an immutable wrapper can back an index.
CREATE OR REPLACE FUNCTION extensions.f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $f$ SELECT extensions.unaccent('extensions.unaccent', $1) $f$;
