-- A version's lane decision is made with the version, written in the same transaction, and never
-- changed (amendments add a version with its own decision; overrides are rows of lane_overrides).
-- So it is columns of the version row, not a row of its own, and the rules that fired are an
-- array there, not one row each. Under a burst of declarations the separate rows cost the group
-- commit's PostgreSQL backend, the daemon's bottleneck, about a tenth of its time per declaration:
-- per declaration one lane_decisions row and its primary key, two foreign-key checks (one at
-- COMMIT), and per fired rule a rule_hits row, its primary key, an index entry and a check at
-- COMMIT (Docs/benchmarks.md, 2026-12-02 16:00-17:00 UTC). lane_decisions and rule_hits stay
-- readable, as views with their old columns; what the foreign keys held, the row holds now.
--
-- Three indexes no query uses go too: nothing looks declarations up by plate or planned date, or
-- goods lines by HS code (the manifest feed reads a version's lines by its key, then tests their
-- codes), and every index costs every insert.

ALTER TABLE declaration_versions
    ADD COLUMN lane text CHECK (lane IN ('green', 'yellow', 'red')),
    ADD COLUMN score integer,
    ADD COLUMN ruleset_version text REFERENCES rulesets (version),
    ADD COLUMN decided_at timestamptz,
    -- LaneDecision.jsonValue(): fired rules with reasons and tasks, the seed, the trader profile.
    ADD COLUMN decision jsonb CHECK (jsonb_typeof(decision -> 'firedRules') = 'array'),
    -- The ids of the rules that fired, in the decision's order, for the per-rule statistics.
    ADD COLUMN fired_rules text[];
ALTER TABLE declaration_versions ALTER COLUMN decision SET COMPRESSION lz4;

-- Versions written before the lanes existed have no decision; otherwise all of it.
ALTER TABLE declaration_versions ADD CONSTRAINT declaration_versions_decision_whole CHECK (
    CASE WHEN lane IS NULL
         THEN score IS NULL AND ruleset_version IS NULL AND decided_at IS NULL AND decision IS NULL AND fired_rules IS NULL
         ELSE score IS NOT NULL AND ruleset_version IS NOT NULL AND decided_at IS NOT NULL AND decision IS NOT NULL
              AND fired_rules IS NOT NULL AND cardinality(fired_rules) = jsonb_array_length(decision -> 'firedRules')
    END);

-- Existing decisions move into their versions: the one change a version row ever gets, made here
-- with the append-only trigger off inside this migration's transaction.
ALTER TABLE declaration_versions DISABLE TRIGGER declaration_versions_append_only;
UPDATE declaration_versions v
   SET lane = l.lane, score = l.score, ruleset_version = l.ruleset_version, decided_at = l.decided_at,
       decision = l.decision,
       fired_rules = ARRAY(SELECT f ->> 'ruleId' FROM jsonb_array_elements(l.decision -> 'firedRules') AS f)
  FROM lane_decisions l
 WHERE l.declaration_id = v.declaration_id AND l.version = v.version;
ALTER TABLE declaration_versions ENABLE TRIGGER declaration_versions_append_only;

DROP TABLE rule_hits;
DROP TABLE lane_decisions;

CREATE VIEW lane_decisions AS
    SELECT declaration_id, version, lane, score, ruleset_version, decided_at, decision
      FROM declaration_versions WHERE lane IS NOT NULL;
CREATE VIEW rule_hits AS
    SELECT v.declaration_id, v.version, f.rule_id, v.ruleset_version
      FROM declaration_versions v CROSS JOIN LATERAL unnest(v.fired_rules) AS f(rule_id);

DROP INDEX declarations_plate;
DROP INDEX declarations_planned;
DROP INDEX declaration_goods_hs_code;
