-- Declarations, their versions and goods lines, and carriers' idempotency keys.
--
-- The invariants hold in the database itself, not only in the daemon:
--   * a declaration's current version exists in declaration_versions (deferred foreign key, so the
--     declaration and its first version are inserted in one transaction in either order);
--   * every version has exactly the goods lines its document lists (a deferred constraint trigger
--     counts them at COMMIT), so no transaction can leave a half-written declaration behind;
--   * versions and goods lines are never changed or deleted: amendments add a version;
--   * one idempotency key per carrier names exactly one declaration.

-- Timestamps as the API writes them (RFC 3339, UTC, microseconds), made in one place.
CREATE FUNCTION rfc3339(timestamptz) RETURNS text IMMUTABLE STRICT LANGUAGE sql
    AS $$ SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- `smartgate carrier revoke NAME` must name one carrier.
ALTER TABLE carriers ADD CONSTRAINT carriers_name_unique UNIQUE (name);

CREATE TABLE declarations (
    id uuid PRIMARY KEY,
    -- Insertion order, for stable cursor pagination (a unique, never-reused key).
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    carrier_id uuid NOT NULL REFERENCES carriers (id),
    status text NOT NULL CHECK (status IN ('submitted', 'cancelled', 'released')),
    version integer NOT NULL CHECK (version >= 1),
    -- Searchable copies of the current version's document.
    direction text NOT NULL CHECK (direction IN ('export', 'import')),
    crossing text NOT NULL CHECK (crossing IN ('HUU_NGHI', 'TAN_THANH')),
    planned_crossing_on date NOT NULL,
    trader_tax_code text NOT NULL,
    vehicle_plate text NOT NULL,
    -- The whole normalised document of the current version.
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    cancelled_at timestamptz,
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (updated_at >= created_at)
);

CREATE INDEX declarations_carrier_seq ON declarations (carrier_id, seq);
CREATE INDEX declarations_carrier_status_seq ON declarations (carrier_id, status, seq);
CREATE INDEX declarations_plate ON declarations (vehicle_plate);
CREATE INDEX declarations_planned ON declarations (planned_crossing_on);

CREATE TABLE declaration_versions (
    declaration_id uuid NOT NULL REFERENCES declarations (id) DEFERRABLE INITIALLY DEFERRED,
    version integer NOT NULL CHECK (version >= 1),
    document jsonb NOT NULL CHECK (jsonb_typeof(document -> 'goods') = 'array'),
    goods_count integer NOT NULL CHECK (goods_count >= 1),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (declaration_id, version),
    CHECK (goods_count = jsonb_array_length(document -> 'goods'))
);

ALTER TABLE declarations ADD CONSTRAINT declarations_current_version
    FOREIGN KEY (id, version) REFERENCES declaration_versions (declaration_id, version) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE declaration_goods (
    declaration_id uuid NOT NULL,
    version integer NOT NULL,
    line integer NOT NULL CHECK (line >= 0),
    hs_code text NOT NULL CHECK (hs_code ~ '^[0-9]{8}([0-9]{2})?$'),
    description text NOT NULL,
    quantity numeric NOT NULL CHECK (quantity > 0),
    unit text NOT NULL,
    gross_kg numeric NOT NULL CHECK (gross_kg > 0),
    net_kg numeric NOT NULL CHECK (net_kg > 0 AND net_kg <= gross_kg),
    value numeric NOT NULL CHECK (value > 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    origin text NOT NULL CHECK (origin ~ '^[A-Z]{2}$'),
    PRIMARY KEY (declaration_id, version, line),
    FOREIGN KEY (declaration_id, version) REFERENCES declaration_versions (declaration_id, version)
);

CREATE INDEX declaration_goods_hs_code ON declaration_goods (hs_code);

-- At COMMIT: the version has exactly goods_count lines, numbered 0..goods_count-1.
CREATE FUNCTION declaration_version_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lines integer;
    highest integer;
BEGIN
    SELECT count(*), max(line) INTO lines, highest FROM declaration_goods
     WHERE declaration_id = NEW.declaration_id AND version = NEW.version;
    IF lines <> NEW.goods_count OR highest <> NEW.goods_count - 1 THEN
        RAISE EXCEPTION 'declaration % version % has % goods lines, its document lists %',
            NEW.declaration_id, NEW.version, lines, NEW.goods_count
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER declaration_version_complete
    AFTER INSERT ON declaration_versions DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION declaration_version_complete();

-- History is append-only: a version or goods line, once written, stays as it was.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER declaration_versions_append_only BEFORE UPDATE OR DELETE ON declaration_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER declaration_goods_append_only BEFORE UPDATE OR DELETE ON declaration_goods
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

CREATE TABLE idempotency_keys (
    carrier_id uuid NOT NULL REFERENCES carriers (id),
    key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    -- SHA-256 of the request body: the same key with another body is refused (409).
    request_sha256 bytea NOT NULL CHECK (octet_length(request_sha256) = 32),
    declaration_id uuid NOT NULL UNIQUE REFERENCES declarations (id) DEFERRABLE INITIALLY DEFERRED,
    -- The answer given the first time, replayed byte for byte.
    response_status integer NOT NULL CHECK (response_status BETWEEN 200 AND 299),
    response_body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (carrier_id, key)
);
