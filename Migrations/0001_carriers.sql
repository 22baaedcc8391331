-- Carriers (the trucking companies that declare crossings) and their API keys.
-- A key is shown once when it is made; only its SHA-256 is stored, so a database leak does not
-- leak usable keys. Revoking keeps the row, so the audit trail can still name the key.
CREATE TABLE carriers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE carrier_api_keys (
    -- The public part of the key (`sgk_<id>`), used to find the row without scanning hashes.
    key_id text PRIMARY KEY CHECK (key_id ~ '^[a-z0-9]{12}$'),
    carrier_id uuid NOT NULL REFERENCES carriers (id),
    secret_sha256 bytea NOT NULL CHECK (octet_length(secret_sha256) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX carrier_api_keys_carrier ON carrier_api_keys (carrier_id);
