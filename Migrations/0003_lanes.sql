-- Lanes: risk decisions, officers and their tokens, claims, inspections, overrides, what is known
-- about traders, and the hash-chained audit trail.
--
-- Invariants held by the database itself:
--   * every lane decision names a declaration version and a ruleset that exist;
--   * inspections, overrides and decisions are append-only;
--   * the audit log is append-only, gap-free and hash-chained: each entry holds the SHA-256 of the
--     previous entry's hash and its own canonical content (audit_canonical), computed here so no
--     writer can get it wrong, and `smartgate audit verify` recomputes it independently.

-- Statuses a lane gives: green is released at once; yellow waits for a document check, red for
-- an inspection; a finding holds the goods.
ALTER TABLE declarations DROP CONSTRAINT declarations_status_check;
ALTER TABLE declarations ADD CONSTRAINT declarations_status_check
    CHECK (status IN ('submitted', 'cancelled', 'released', 'awaiting_documents', 'awaiting_inspection', 'held'));
ALTER TABLE declarations ADD COLUMN lane text CHECK (lane IN ('green', 'yellow', 'red'));
ALTER TABLE declarations ADD COLUMN released_at timestamptz;
-- When the declaration entered its current queue: queues are worked oldest first.
ALTER TABLE declarations ADD COLUMN queued_at timestamptz;
ALTER TABLE declarations ADD CONSTRAINT declarations_released_at CHECK ((status = 'released') = (released_at IS NOT NULL));

CREATE TABLE officers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('customs', 'border_guard', 'quarantine', 'supervisor')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- As carriers' keys: the public id finds the row, only the secret's SHA-256 is kept.
CREATE TABLE officer_tokens (
    token_id text PRIMARY KEY CHECK (token_id ~ '^[a-z0-9]{12}$'),
    officer_id uuid NOT NULL REFERENCES officers (id),
    secret_sha256 bytea NOT NULL CHECK (octet_length(secret_sha256) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- The officer holding a declaration: one at a time (the primary key), released with the result.
CREATE TABLE claims (
    declaration_id uuid PRIMARY KEY REFERENCES declarations (id),
    officer_id uuid NOT NULL REFERENCES officers (id),
    claimed_at timestamptz NOT NULL
);

-- Every ruleset a decision was made with, byte for byte, so any decision can be replayed.
CREATE TABLE rulesets (
    version text PRIMARY KEY,
    sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
    document text NOT NULL,
    rule_count integer NOT NULL,
    first_loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lane_decisions (
    declaration_id uuid NOT NULL,
    version integer NOT NULL,
    lane text NOT NULL CHECK (lane IN ('green', 'yellow', 'red')),
    score integer NOT NULL,
    ruleset_version text NOT NULL REFERENCES rulesets (version),
    decided_at timestamptz NOT NULL,
    -- LaneDecision.jsonValue(): fired rules with reasons and tasks, the seed, the trader profile.
    decision jsonb NOT NULL CHECK (jsonb_typeof(decision -> 'firedRules') = 'array'),
    PRIMARY KEY (declaration_id, version),
    FOREIGN KEY (declaration_id, version) REFERENCES declaration_versions (declaration_id, version) DEFERRABLE INITIALLY DEFERRED
);

-- One row per rule that fired, for the per-rule statistics.
CREATE TABLE rule_hits (
    declaration_id uuid NOT NULL,
    version integer NOT NULL,
    rule_id text NOT NULL,
    ruleset_version text NOT NULL,
    PRIMARY KEY (declaration_id, version, rule_id),
    FOREIGN KEY (declaration_id, version) REFERENCES lane_decisions (declaration_id, version) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX rule_hits_rule ON rule_hits (rule_id);

CREATE TABLE inspections (
    id uuid PRIMARY KEY,
    declaration_id uuid NOT NULL REFERENCES declarations (id),
    version integer NOT NULL,
    officer_id uuid NOT NULL REFERENCES officers (id),
    -- Customs officers record customs results, quarantine officers quarantine results.
    kind text NOT NULL CHECK (kind IN ('customs', 'quarantine')),
    result text NOT NULL CHECK (result IN ('documents_ok', 'discrepancy', 'seized')),
    findings text NOT NULL CHECK (char_length(findings) <= 4000),
    recorded_at timestamptz NOT NULL,
    FOREIGN KEY (declaration_id, version) REFERENCES declaration_versions (declaration_id, version)
);
CREATE INDEX inspections_declaration ON inspections (declaration_id);

CREATE TABLE lane_overrides (
    id uuid PRIMARY KEY,
    declaration_id uuid NOT NULL REFERENCES declarations (id),
    officer_id uuid NOT NULL REFERENCES officers (id),
    from_lane text NOT NULL CHECK (from_lane IN ('green', 'yellow', 'red')),
    to_lane text NOT NULL CHECK (to_lane IN ('green', 'yellow', 'red')),
    reason_code text NOT NULL,
    reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
    overridden_at timestamptz NOT NULL
);

-- What customs knows of a trader beyond one declaration: the feedback loop writes here.
CREATE TABLE traders (
    tax_code text PRIMARY KEY,
    authorised_operator boolean NOT NULL DEFAULT false,
    compliance_level integer NOT NULL DEFAULT 3 CHECK (compliance_level BETWEEN 1 AND 5),
    findings integer NOT NULL DEFAULT 0 CHECK (findings >= 0),
    clean_inspections integer NOT NULL DEFAULT 0 CHECK (clean_inspections >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER lane_decisions_append_only BEFORE UPDATE OR DELETE ON lane_decisions
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER rule_hits_append_only BEFORE UPDATE OR DELETE ON rule_hits
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER inspections_append_only BEFORE UPDATE OR DELETE ON inspections
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER lane_overrides_append_only BEFORE UPDATE OR DELETE ON lane_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

-- The audit trail ------------------------------------------------------------------------

CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    -- `carrier:<uuid>`, `officer:<uuid>`, `operator` (the CLI) or `daemon`.
    actor text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 100),
    action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    declaration_id uuid,
    details jsonb NOT NULL CHECK (jsonb_typeof(details) = 'object'),
    prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (octet_length(hash) = 32)
);
CREATE INDEX audit_log_declaration ON audit_log (declaration_id, seq) WHERE declaration_id IS NOT NULL;

-- The chain's head: one row, moved only by the insert trigger.
CREATE TABLE audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO audit_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- The bytes an entry's hash covers, after the previous hash: its fields, one per line, in a fixed
-- order (Docs/risk.md, "Audit trail"). jsonb's text form is deterministic for a given value.
CREATE FUNCTION audit_canonical(seq bigint, occurred_at timestamptz, actor text, action text, declaration_id uuid, details jsonb)
    RETURNS bytea IMMUTABLE LANGUAGE sql AS $$
    SELECT convert_to(seq::text || E'\n' || rfc3339(occurred_at) || E'\n' || actor || E'\n' || action || E'\n'
                      || coalesce(declaration_id::text, '') || E'\n' || details::text, 'UTF8')
$$;

-- Numbers and chains each new entry. The head row is read and locked (FOR UPDATE, until COMMIT)
-- by a transaction's first entry, which orders concurrent writers; the transaction's later entries
-- continue from a transaction-local copy (set_config(..., true), undone on rollback), and the head
-- row itself is written once per statement (below), not once per entry: a group commit of 200
-- declarations moves it once.
CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint;
    head_hash bytea;
BEGIN
    IF current_setting('smartgate.audit_xact', true) IS DISTINCT FROM txid_current()::text THEN
        SELECT seq, hash INTO head_seq, head_hash FROM audit_head WHERE singleton FOR UPDATE;
    ELSE
        head_seq := current_setting('smartgate.audit_seq')::bigint;
        head_hash := decode(current_setting('smartgate.audit_hash'), 'hex');
    END IF;
    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.hash := sha256(head_hash || audit_canonical(NEW.seq, NEW.occurred_at, NEW.actor, NEW.action, NEW.declaration_id, NEW.details));
    PERFORM set_config('smartgate.audit_xact', txid_current()::text, true);
    PERFORM set_config('smartgate.audit_seq', NEW.seq::text, true);
    PERFORM set_config('smartgate.audit_hash', encode(NEW.hash, 'hex'), true);
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();

-- At the end of every statement that appended entries: the head names the last one.
CREATE FUNCTION audit_advance_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('smartgate.audit_xact', true) = txid_current()::text THEN
        UPDATE audit_head SET seq = current_setting('smartgate.audit_seq')::bigint,
                              hash = decode(current_setting('smartgate.audit_hash'), 'hex')
         WHERE singleton;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_log_advance_head AFTER INSERT ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_advance_head();

CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- The head moves only from inside audit_advance_head (trigger depth 2 there).
CREATE FUNCTION guard_audit_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'audit_head moves only when an audit entry is appended' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION guard_audit_head();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- Whoever runs the daemon should not own these tables (an owner can disable triggers); for
-- everyone else, writing history is not even granted.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_head, lane_decisions, rule_hits, inspections, lane_overrides FROM PUBLIC;
