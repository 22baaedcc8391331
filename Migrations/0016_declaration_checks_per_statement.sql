-- A declaration, its versions and their goods lines are checked against each other once per
-- statement, and only what a statement leaves incomplete is checked again at COMMIT.
--
-- The two deferred foreign keys between a declaration and its current version, the deferred one
-- from an idempotency key to its declaration, and the deferred trigger that counted a version's
-- goods lines all ran at COMMIT once per row: a look-up query through SPI each, with its executor
-- start, and for the keys a row lock (two Heap/LOCK WAL records a declaration) on rows the same
-- transaction had just inserted. In the group commit, which writes all of them in one statement,
-- that was 13% of the committer backend's time (perf, Docs/benchmarks.md, 2026-12-04). The same
-- invariants now hold this way:
--   * at the end of each statement, one query per table over the rows it inserted finds those
--     not yet complete: a declaration whose current version does not exist, a version whose
--     declaration does not exist or that has fewer goods lines than its document lists, an
--     idempotency key whose declaration does not exist;
--   * those, and only those, go into declaration_checks_pending, whose deferred constraint trigger
--     checks them again at COMMIT (or at SET CONSTRAINTS ... IMMEDIATE), so separate statements
--     in one transaction may still insert a declaration and its version in either order;
--   * a goods line must name an existing version (Migrations/0012) and a line number below the
--     version's goods_count, so with the primary key a version can never gain lines later;
--   * the row locks guarded against deletion: declarations are never deleted, re-keyed or
--     truncated (cancel one instead), and versions and goods lines, already append-only, are
--     never truncated either.

ALTER TABLE declarations DROP CONSTRAINT declarations_current_version;
ALTER TABLE declaration_versions DROP CONSTRAINT declaration_versions_declaration_id_fkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_declaration_id_fkey;
DROP TRIGGER declaration_version_complete ON declaration_versions;
DROP FUNCTION declaration_version_complete();

-- Rows exist only inside the transaction that wrote them (each is deleted by its own check before
-- COMMIT), so nothing here needs WAL or survives a crash. A null version: only the declaration
-- and its current version are checked.
CREATE UNLOGGED TABLE declaration_checks_pending (
    check_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    declaration_id uuid NOT NULL,
    version integer
);

CREATE FUNCTION declaration_check_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current_version integer;
    listed integer;
    lines integer;
BEGIN
    SELECT d.version INTO current_version FROM declarations d WHERE d.id = NEW.declaration_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'declaration % does not exist, but a version or an idempotency key names it', NEW.declaration_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM declaration_versions v WHERE v.declaration_id = NEW.declaration_id AND v.version = current_version) THEN
        RAISE EXCEPTION 'declaration % names version % as its current one, which does not exist', NEW.declaration_id, current_version
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.version IS NOT NULL THEN
        SELECT v.goods_count INTO listed FROM declaration_versions v
         WHERE v.declaration_id = NEW.declaration_id AND v.version = NEW.version;
        SELECT count(*) INTO lines FROM declaration_goods g
         WHERE g.declaration_id = NEW.declaration_id AND g.version = NEW.version;
        IF lines IS DISTINCT FROM listed THEN
            RAISE EXCEPTION 'declaration % version % has % goods lines, its document lists %',
                NEW.declaration_id, NEW.version, lines, listed
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    DELETE FROM declaration_checks_pending WHERE check_id = NEW.check_id;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER declaration_checks_at_commit
    AFTER INSERT ON declaration_checks_pending DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION declaration_check_at_commit();

-- Declarations inserted or moved to another version: their current version must exist.
CREATE FUNCTION declarations_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT d.id, NULL FROM new_rows d
     WHERE NOT EXISTS (SELECT 1 FROM declaration_versions v WHERE v.declaration_id = d.id AND v.version = d.version);
    RETURN NULL;
END
$$;

CREATE TRIGGER declarations_version_exists_on_insert AFTER INSERT ON declarations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declarations_have_their_version();
CREATE TRIGGER declarations_version_exists_on_update AFTER UPDATE ON declarations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declarations_have_their_version();

-- Versions inserted: their declaration must exist and they must have all their goods lines.
CREATE FUNCTION versions_are_complete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT v.declaration_id, v.version FROM new_versions v
     WHERE NOT EXISTS (SELECT 1 FROM declarations d WHERE d.id = v.declaration_id)
        OR v.goods_count <> (SELECT count(*) FROM declaration_goods g
                              WHERE g.declaration_id = v.declaration_id AND g.version = v.version);
    RETURN NULL;
END
$$;

CREATE TRIGGER declaration_versions_complete AFTER INSERT ON declaration_versions
    REFERENCING NEW TABLE AS new_versions FOR EACH STATEMENT EXECUTE FUNCTION versions_are_complete();

-- Idempotency keys inserted: the declaration they name must exist.
CREATE FUNCTION idempotency_keys_have_their_declaration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT k.declaration_id, NULL FROM new_keys k
     WHERE NOT EXISTS (SELECT 1 FROM declarations d WHERE d.id = k.declaration_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER idempotency_keys_declaration_exists AFTER INSERT ON idempotency_keys
    REFERENCING NEW TABLE AS new_keys FOR EACH STATEMENT EXECUTE FUNCTION idempotency_keys_have_their_declaration();

CREATE FUNCTION refuse_idempotency_key_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'idempotency key % names declaration % and cannot be moved to another', OLD.key, OLD.declaration_id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER idempotency_keys_keep_their_declaration BEFORE UPDATE OF declaration_id ON idempotency_keys
    FOR EACH ROW WHEN (OLD.declaration_id IS DISTINCT FROM NEW.declaration_id) EXECUTE FUNCTION refuse_idempotency_key_move();

-- Goods lines: their version must exist (as in Migrations/0012), and their line number be one the
-- version lists, so no line can be added to a version once it is complete.
CREATE OR REPLACE FUNCTION goods_lines_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    SELECT g.declaration_id, g.version, g.line, v.goods_count INTO orphan FROM new_lines g
      LEFT JOIN declaration_versions v ON v.declaration_id = g.declaration_id AND v.version = g.version
     WHERE v.goods_count IS NULL OR g.line >= v.goods_count
     LIMIT 1;
    IF FOUND AND orphan.goods_count IS NULL THEN
        RAISE EXCEPTION 'goods line % of declaration % names version %, which does not exist',
            orphan.line, orphan.declaration_id, orphan.version
            USING ERRCODE = 'foreign_key_violation';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'goods line % of declaration % version % is beyond the % goods lines its document lists',
            orphan.line, orphan.declaration_id, orphan.version, orphan.goods_count
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION refuse_declaration_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted, re-keyed or truncated: the history names them (% refused; cancel a declaration instead)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER declarations_never_deleted BEFORE DELETE ON declarations
    FOR EACH ROW EXECUTE FUNCTION refuse_declaration_removal();
CREATE TRIGGER declarations_never_rekeyed BEFORE UPDATE OF id ON declarations
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_declaration_removal();
CREATE TRIGGER declarations_never_truncated BEFORE TRUNCATE ON declarations
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_declaration_removal();
CREATE TRIGGER declaration_versions_never_truncated BEFORE TRUNCATE ON declaration_versions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_declaration_removal();
CREATE TRIGGER declaration_goods_never_truncated BEFORE TRUNCATE ON declaration_goods
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_declaration_removal();
