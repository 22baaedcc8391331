-- The partner exchange (Docs/exchange-protocol.md): partner nodes and their signing keys, the
-- release feed partners pull, the outbox of messages we push, and the messages and receipts seen.

CREATE TABLE partners (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    -- SHA-256 of the DER of the partner's TLS client certificate: who is calling.
    cert_sha256 text NOT NULL UNIQUE CHECK (cert_sha256 ~ '^[0-9a-f]{64}$'),
    -- Where the outbox delivers (https://host:port); NULL: nothing is pushed to this partner.
    url text,
    -- The agreed goods categories: HS prefixes whose goods are exchanged with this partner.
    hs_prefixes text[] NOT NULL DEFAULT '{08,85}',
    -- Declarations the partner pushes are stored under this carrier row (pre-arrival declarations).
    carrier_id uuid NOT NULL UNIQUE REFERENCES carriers (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Several keys per partner at once, so keys rotate without downtime.
CREATE TABLE partner_keys (
    key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{32}$'),
    partner_id text NOT NULL REFERENCES partners (id),
    public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
    valid_from timestamptz NOT NULL,
    valid_until timestamptz,
    retired_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX partner_keys_partner ON partner_keys (partner_id);

-- Every release, in commit order: positions are handed out under the head row's lock at COMMIT
-- (a deferred trigger), so a reader always sees a gap-free prefix and a cursor never skips a
-- release that committed late.
CREATE TABLE manifest_feed (
    position bigint PRIMARY KEY,
    declaration_id uuid NOT NULL REFERENCES declarations (id),
    version integer NOT NULL,
    released_at timestamptz NOT NULL
);
CREATE TABLE manifest_feed_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position bigint NOT NULL
);
INSERT INTO manifest_feed_head (position) VALUES (0);

-- Messages we push, written in the transaction of the release that causes them.
CREATE TABLE exchange_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    partner_id text NOT NULL REFERENCES partners (id),
    declaration_id uuid NOT NULL REFERENCES declarations (id),
    version integer NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    -- The partner's signed receipt, kept as received (non-repudiation of receipt).
    receipt text,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    CHECK ((status = 'delivered') = (receipt IS NOT NULL AND delivered_at IS NOT NULL))
);
CREATE INDEX exchange_outbox_due ON exchange_outbox (next_attempt_at, id) WHERE status = 'pending';

CREATE FUNCTION record_release() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current record;
    next_position bigint;
BEGIN
    -- Deferred to COMMIT: look at the row as it is now, once.
    SELECT id, version, status, direction, carrier_id, released_at INTO current FROM declarations WHERE id = NEW.id;
    IF current.status IS DISTINCT FROM 'released' THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM manifest_feed WHERE declaration_id = current.id AND version = current.version AND released_at = current.released_at) THEN
        RETURN NULL;
    END IF;
    UPDATE manifest_feed_head SET position = position + 1 WHERE singleton RETURNING position INTO next_position;
    INSERT INTO manifest_feed (position, declaration_id, version, released_at)
    VALUES (next_position, current.id, current.version, current.released_at);
    -- Exports in a partner's agreed categories are pushed to it (not a partner's own declarations).
    IF current.direction = 'export' THEN
        INSERT INTO exchange_outbox (partner_id, declaration_id, version)
        SELECT p.id, current.id, current.version FROM partners p
         WHERE p.url IS NOT NULL AND p.carrier_id <> current.carrier_id
           AND EXISTS (SELECT 1 FROM declaration_goods g
                        WHERE g.declaration_id = current.id AND g.version = current.version
                          AND EXISTS (SELECT 1 FROM unnest(p.hs_prefixes) AS prefix WHERE g.hs_code LIKE prefix || '%'));
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER declarations_released AFTER INSERT OR UPDATE OF status ON declarations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'released')
    EXECUTE FUNCTION record_release();

CREATE TRIGGER manifest_feed_append_only BEFORE UPDATE OR DELETE ON manifest_feed
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
