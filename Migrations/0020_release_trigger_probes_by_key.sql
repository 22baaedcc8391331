-- record_releases() (Migrations/0004, a generic plan since 0010) joined the released ids with
-- declarations and looked for a partner's goods lines with EXISTS, which PostgreSQL may plan as
-- sequential scans feeding hash joins. A generic plan is made once per connection, so one made
-- while the tables were small kept scanning every declaration and every goods line at each
-- group commit that released anything: from a fresh database, green declarations (released at
-- once) ran at 2,761, 1,294, 1,078, 846, 846 and 748 a second in six 3 s rounds (auto_explain:
-- Seq Scan on declarations, Hash Semi Join over a Seq Scan on declaration_goods;
-- Docs/benchmarks.md, 2026-12-04). The same trap as Migrations/0019, the same cure: each released
-- declaration is looked up by its id in a LATERAL subquery and its goods lines by key in an
-- EXISTS, both kept as per-row look-ups by OFFSET 0 (PostgreSQL turns neither into a join or a
-- hash then), and sequential scans are ruled out for the function (the partners table, a handful
-- of rows, is still read whole). That last scan then carries the planner's penalty for a disabled
-- plan, a cost high enough to start JIT compilation, 180 ms a statement here, so JIT is off for
-- the function too. CREATE OR REPLACE drops a function's settings, so 0010's generic plan is set
-- again. Same rows, same order.

CREATE OR REPLACE FUNCTION record_releases() RETURNS trigger LANGUAGE plpgsql AS $$
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
      FROM unnest(released) WITH ORDINALITY AS r(id, ordinal)
     CROSS JOIN LATERAL (SELECT d.id, d.version, d.released_at FROM declarations d WHERE d.id = r.id OFFSET 0) d;
    -- Exports in a partner's agreed categories are pushed to it (never a partner's own declarations).
    INSERT INTO exchange_outbox (partner_id, declaration_id, version)
    SELECT p.id, d.id, d.version
      FROM unnest(released) WITH ORDINALITY AS r(id, ordinal)
     CROSS JOIN LATERAL (SELECT d.id, d.version, d.carrier_id, d.direction FROM declarations d WHERE d.id = r.id OFFSET 0) d
      JOIN partners p ON p.url IS NOT NULL AND p.carrier_id <> d.carrier_id
     WHERE d.direction = 'export'
       AND EXISTS (SELECT 1 FROM declaration_goods g
                    WHERE g.declaration_id = d.id AND g.version = d.version
                      AND EXISTS (SELECT 1 FROM unnest(p.hs_prefixes) AS prefix WHERE g.hs_code LIKE prefix || '%')
                    OFFSET 0)
     ORDER BY r.ordinal, p.id;
    RETURN NULL;
END
$$;

ALTER FUNCTION record_releases() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION record_releases() SET enable_seqscan = off;
ALTER FUNCTION record_releases() SET jit = off;
