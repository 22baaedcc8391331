-- The goods lines' check (Migrations/0012, 0016) looked up the version of every line it inserted:
-- four look-ups for the benchmark's declaration. It now looks up each version once, with the
-- highest line number the statement inserted for it: a version that exists and lists more lines
-- than that number admits every line below it. The same lines are refused, with the same codes;
-- the message names the highest line. 1.5% of the instructions a declaration costs the group
-- commit's backend (callgrind, Docs/benchmarks.md, 2026-12-04).

CREATE OR REPLACE FUNCTION goods_lines_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    SELECT g.declaration_id, g.version, g.top, v.goods_count INTO orphan
      FROM (SELECT declaration_id, version, max(line) AS top FROM new_lines GROUP BY declaration_id, version) g
      LEFT JOIN declaration_versions v ON v.declaration_id = g.declaration_id AND v.version = g.version
     WHERE v.goods_count IS NULL OR g.top >= v.goods_count
     LIMIT 1;
    IF FOUND AND orphan.goods_count IS NULL THEN
        RAISE EXCEPTION 'goods line % of declaration % names version %, which does not exist',
            orphan.top, orphan.declaration_id, orphan.version
            USING ERRCODE = 'foreign_key_violation';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'goods line % of declaration % version % is beyond the % goods lines its document lists',
            orphan.top, orphan.declaration_id, orphan.version, orphan.goods_count
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
