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

-- Every release, in commit order. A statement that releases declarations takes the head row's
-- lock and the next gap-free positions; the lock is held until COMMIT, so a later release cannot
-- commit with a lower position: a reader always sees a prefix of the feed, and a cursor never
-- skips a release that committed late.
CREATE TABLE manifest_feed (
    position bigint PRIMARY KEY,
    declaration_id uuid NOT NULL REFERENCES declarations (id),
    version integer NOT NULL,
    released_at timestamptz NOT NULL
);
CREATE INDEX manifest_feed_declaration ON manifest_feed (declaration_id, version);
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
    -- withdrawn: the release was called back (an override) before the push was delivered.
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked', 'withdrawn')),
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

-- Set-based, once per statement (a group commit releases many declarations in one statement):
-- one head update per statement instead of one per row. Lock order: the audit head is always
-- taken before the feed head (the group commit's audit rows are written during its statement,
-- this runs at its end; officers' transactions append their audit entry before they release).
CREATE FUNCTION record_releases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    released uuid[];
    first_position bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id ORDER BY released_at, id) INTO released FROM new_rows WHERE status = 'released';
    ELSE
        SELECT array_agg(n.id ORDER BY n.released_at, n.id) INTO released
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.status = 'released' AND o.status IS DISTINCT FROM 'released';
        -- A release called back (an override): its pushes not yet delivered are withdrawn; one
        -- already delivered stays delivered (protocol version 1 has no recall message).
        UPDATE exchange_outbox SET status = 'withdrawn', last_error = 'release called back'
         WHERE status IN ('pending', 'parked')
           AND declaration_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                   WHERE o.status = 'released' AND n.status <> 'released');
    END IF;
    IF released IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE manifest_feed_head SET position = position + cardinality(released) WHERE singleton
        RETURNING position - cardinality(released) INTO first_position;
    INSERT INTO manifest_feed (position, declaration_id, version, released_at)
    SELECT first_position + r.ordinal, d.id, d.version, d.released_at
      FROM unnest(released) WITH ORDINALITY AS r(id, ordinal) JOIN declarations d ON d.id = r.id;
    -- Exports in a partner's agreed categories are pushed to it (never a partner's own declarations).
    INSERT INTO exchange_outbox (partner_id, declaration_id, version)
    SELECT p.id, d.id, d.version
      FROM unnest(released) WITH ORDINALITY AS r(id, ordinal)
      JOIN declarations d ON d.id = r.id
      JOIN partners p ON p.url IS NOT NULL AND p.carrier_id <> d.carrier_id
     WHERE d.direction = 'export'
       AND EXISTS (SELECT 1 FROM declaration_goods g
                    WHERE g.declaration_id = d.id AND g.version = d.version
                      AND EXISTS (SELECT 1 FROM unnest(p.hs_prefixes) AS prefix WHERE g.hs_code LIKE prefix || '%'))
     ORDER BY r.ordinal, p.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER declarations_released_on_insert AFTER INSERT ON declarations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_releases();
CREATE TRIGGER declarations_released_on_update AFTER UPDATE ON declarations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_releases();

CREATE TRIGGER manifest_feed_append_only BEFORE UPDATE OR DELETE ON manifest_feed
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
