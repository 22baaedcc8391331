-- rfc3339() and audit_canonical() were declared IMMUTABLE, but what they call (to_char,
-- convert_to) is only STABLE, and PostgreSQL inlines a SQL function into the calling expression
-- only when its body is no more volatile than it is declared. So they were never inlined: every
-- call ran the SQL-function executor, twice per audit entry in the chain trigger (the largest
-- single cost in a group commit's audit insert), and once per timestamp in manifest, queue and
-- outbox pages. Declared for what they are, they are inlined; the bytes they produce are the same.
ALTER FUNCTION rfc3339(timestamptz) STABLE;
ALTER FUNCTION audit_canonical(bigint, timestamptz, text, text, uuid, jsonb) STABLE;
