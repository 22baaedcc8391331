-- The per-statement checks of Migrations/0016 and 0018 compared the rows a statement inserted
-- with declarations, declaration_versions and declaration_goods through NOT EXISTS and joins,
-- which PostgreSQL may plan as a hash over the whole other table. PL/pgSQL plans each query once
-- per connection and keeps the plan, and a plan made while the tables were small (a new install,
-- the first minutes after a migration) kept hashing every declaration id at every group commit:
-- on a fresh database the rate fell from about 3,000 to 900 declarations a second within 20
-- seconds (auto_explain: `NOT (hashed SubPlan)` over declarations_pkey; Docs/benchmarks.md,
-- 2026-12-04). Each check now looks its rows up one by one, by primary key, with correlated
-- scalar subqueries, which PostgreSQL neither hashes nor turns into joins, and sequential scans
-- are ruled out for these functions, so no statistics can make a check read a whole table. Same
-- checks, same errors.

CREATE OR REPLACE FUNCTION declarations_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT d.id, NULL FROM new_rows d
     WHERE (SELECT count(*) FROM declaration_versions v WHERE v.declaration_id = d.id AND v.version = d.version) = 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION versions_are_complete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT v.declaration_id, v.version FROM new_versions v
     WHERE (SELECT count(*) FROM declarations d WHERE d.id = v.declaration_id) = 0
        OR (SELECT count(*) FROM declaration_goods g
             WHERE g.declaration_id = v.declaration_id AND g.version = v.version) <> v.goods_count;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION idempotency_keys_have_their_declaration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO declaration_checks_pending (declaration_id, version)
    SELECT k.declaration_id, NULL FROM new_keys k
     WHERE (SELECT count(*) FROM declarations d WHERE d.id = k.declaration_id) = 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION goods_lines_have_their_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphan record;
BEGIN
    -- OFFSET 0 keeps the look-up in the inner query, so it runs once a version, not once a test.
    SELECT c.declaration_id, c.version, c.top, c.goods_count INTO orphan
      FROM (SELECT g.declaration_id, g.version, g.top,
                   (SELECT v.goods_count FROM declaration_versions v
                     WHERE v.declaration_id = g.declaration_id AND v.version = g.version) AS goods_count
              FROM (SELECT declaration_id, version, max(line) AS top FROM new_lines GROUP BY declaration_id, version) g
            OFFSET 0) c
     WHERE c.goods_count IS NULL OR c.top >= c.goods_count
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

ALTER FUNCTION declarations_have_their_version() SET enable_seqscan = off;
ALTER FUNCTION versions_are_complete() SET enable_seqscan = off;
ALTER FUNCTION idempotency_keys_have_their_declaration() SET enable_seqscan = off;
ALTER FUNCTION goods_lines_have_their_version() SET enable_seqscan = off;
ALTER FUNCTION declaration_check_at_commit() SET enable_seqscan = off;
