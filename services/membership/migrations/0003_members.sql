-- Party members (đảng viên): the record, and the append-only status history
-- from which their standing is derived.

CREATE TABLE membership.members (
  id                 bigserial PRIMARY KEY,
  full_name          text NOT NULL CHECK (full_name = normalize(full_name, NFC)),
  -- Vietnamese lists sort by the given name (tên, the last word) first.
  given_name         text GENERATED ALWAYS AS (regexp_replace(full_name, '^.*\s', '')) STORED,
  -- "nguyen van an" finds "Nguyễn Văn An".
  search_name        text GENERATED ALWAYS AS (lower(extensions.f_unaccent(full_name))) STORED,
  gender             smallint NOT NULL CHECK (gender IN (1, 2)),
  birth_date         date NOT NULL,
  ethnicity          text NOT NULL,
  religion           text NOT NULL DEFAULT '',
  national_id        text NOT NULL DEFAULT '',
  party_card_number  text NOT NULL DEFAULT '',
  admitted_on        date NOT NULL CHECK (admitted_on > birth_date),
  official_on        date CHECK (official_on >= admitted_on),
  occupation         text NOT NULL DEFAULT '',
  workplace          text NOT NULL DEFAULT '',
  general_education  smallint NOT NULL DEFAULT 0,
  qualification      smallint NOT NULL DEFAULT 0,
  political_theory   smallint NOT NULL DEFAULT 0,
  youth_union_member boolean NOT NULL DEFAULT false,
  student            boolean NOT NULL DEFAULT false,
  background         text NOT NULL DEFAULT '',
  -- The standing now, derived from member_events in the transaction that
  -- appends to them (so lists can filter on it).
  status             smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
  exempted           boolean NOT NULL DEFAULT false,
  leaving_form       smallint NOT NULL DEFAULT 0,
  organization_id    bigint NOT NULL REFERENCES membership.organizations (id),
  temporarily_away   boolean NOT NULL DEFAULT false,
  status_since       date NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX members_national_id ON membership.members (national_id)
  WHERE national_id <> '';
CREATE UNIQUE INDEX members_party_card ON membership.members (party_card_number)
  WHERE party_card_number <> '';
CREATE INDEX members_by_name ON membership.members
  (given_name COLLATE "vi-x-icu", full_name COLLATE "vi-x-icu", id);
CREATE INDEX members_by_organization ON membership.members (organization_id, status);
CREATE INDEX members_search ON membership.members
  USING gin (search_name extensions.gin_trgm_ops);

CREATE TABLE membership.member_events (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES membership.members (id),
  kind            smallint NOT NULL CHECK (kind BETWEEN 1 AND 15),  -- MemberEventKind
  effective_on    date NOT NULL,
  organization_id bigint REFERENCES membership.organizations (id),
  initial_status  smallint NOT NULL DEFAULT 0,
  decision        text NOT NULL DEFAULT '',
  note            text NOT NULL DEFAULT '',
  corrects        bigint REFERENCES membership.member_events (id),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  recorded_by     text NOT NULL
);
CREATE INDEX member_events_by_member ON membership.member_events (member_id, effective_on, id);
CREATE INDEX member_events_by_organization ON membership.member_events (organization_id)
  WHERE organization_id IS NOT NULL;
-- An event is voided at most once.
CREATE UNIQUE INDEX member_events_corrected_once ON membership.member_events (corrects)
  WHERE corrects IS NOT NULL;

-- History is append-only: a correction is a new event.
CREATE FUNCTION membership.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'member history is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER member_events_no_update BEFORE UPDATE OR DELETE ON membership.member_events
  FOR EACH ROW EXECUTE FUNCTION membership.refuse_history_change();
