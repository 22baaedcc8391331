-- A goods line belongs to a version that exists. The foreign key checked that row by row: one
-- look-up query per line, four for the benchmark's declaration, 136 for a group commit of 34,
-- each with its executor start and a row lock on the version. Versions are never deleted or
-- changed (their append-only trigger), so the lock guarded against nothing, and one query per
-- statement over the lines it inserted checks the same thing. It runs at the end of the
-- statement, as the foreign key's check did, so it sees the version a sibling part of the same
-- statement inserted (the group commit writes both in one statement).

ALTER TABLE declaration_goods DROP CONSTRAINT declaration_goods_declaration_id_version_fkey;

CREATE FUNCTION goods_lines_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    SELECT g.declaration_id, g.version, g.line INTO orphan FROM new_lines g
     WHERE NOT EXISTS (SELECT 1 FROM declaration_versions v
                        WHERE v.declaration_id = g.declaration_id AND v.version = g.version)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'goods line % of declaration % names version %, which does not exist',
            orphan.line, orphan.declaration_id, orphan.version
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER declaration_goods_version_exists AFTER INSERT ON declaration_goods
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION goods_lines_have_their_version();
