-- A declaration names its carrier and a version names the ruleset its lane was decided with. The
-- two foreign keys checked that row by row: one look-up query through SPI, with its executor
-- start and a row lock, for each declaration a group commit writes: 4.2% of the instructions a
-- declaration costs the committer's backend (callgrind, Docs/benchmarks.md, 2026-12-04), the
-- same carrier locked again and again. The locks kept a referenced row from being deleted or
-- re-keyed meanwhile. Carriers and rulesets are never deleted (a revoked carrier keeps its row,
-- so its declarations and the audit trail still name it; a decision names the ruleset it can be
-- replayed with), so that is now refused outright, and one query per statement over the rows it
-- inserted checks what the keys checked, at the end of the statement as they did (so a version
-- inserted by a sibling part of the same statement is seen, as with Migrations/0012).

ALTER TABLE declarations DROP CONSTRAINT declarations_carrier_id_fkey;
ALTER TABLE declaration_versions DROP CONSTRAINT declaration_versions_ruleset_version_fkey;

CREATE FUNCTION declarations_have_their_carrier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    SELECT d.id, d.carrier_id INTO orphan FROM new_rows d
     WHERE NOT EXISTS (SELECT 1 FROM carriers c WHERE c.id = d.carrier_id)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'declaration % names carrier %, which does not exist', orphan.id, orphan.carrier_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER declarations_carrier_exists_on_insert AFTER INSERT ON declarations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declarations_have_their_carrier();

CREATE FUNCTION refuse_carrier_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'declaration % belongs to carrier % and cannot be moved to another', OLD.id, OLD.carrier_id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- A declaration stays with the carrier that submitted it (a carrier sees only its own).
CREATE TRIGGER declarations_keep_their_carrier BEFORE UPDATE OF carrier_id ON declarations
    FOR EACH ROW WHEN (OLD.carrier_id IS DISTINCT FROM NEW.carrier_id) EXECUTE FUNCTION refuse_carrier_change();

CREATE FUNCTION versions_have_their_ruleset() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    SELECT v.declaration_id, v.version, v.ruleset_version INTO orphan FROM new_versions v
     WHERE v.ruleset_version IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM rulesets r WHERE r.version = v.ruleset_version)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'version % of declaration % names ruleset %, which was never loaded',
            orphan.version, orphan.declaration_id, orphan.ruleset_version
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

-- Versions are append-only (refuse_history_change), so inserts are the only way in.
CREATE TRIGGER declaration_versions_ruleset_exists AFTER INSERT ON declaration_versions
    REFERENCING NEW TABLE AS new_versions FOR EACH STATEMENT EXECUTE FUNCTION versions_have_their_ruleset();

CREATE FUNCTION refuse_registry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted or re-keyed: declarations name them (% on % refused)',
        TG_TABLE_NAME, TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE TRIGGER carriers_never_deleted BEFORE DELETE ON carriers
    FOR EACH ROW EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER carriers_never_rekeyed BEFORE UPDATE OF id ON carriers
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER carriers_never_truncated BEFORE TRUNCATE ON carriers
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER rulesets_never_deleted BEFORE DELETE ON rulesets
    FOR EACH ROW EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER rulesets_never_rekeyed BEFORE UPDATE OF version ON rulesets
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER rulesets_never_truncated BEFORE TRUNCATE ON rulesets
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_registry_change();
