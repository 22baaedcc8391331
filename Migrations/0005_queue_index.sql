-- The officers' queues (GET /v1/officer/queues/{lane}) page through declarations waiting for a
-- check, oldest first. Without an index for that order every page read all of `declarations`
-- (19 ms at 12,000 declarations, and growing with every truck that ever crossed); this partial
-- index holds only the waiting ones, so a page costs what it returns.
CREATE INDEX declarations_queue ON declarations (status, queued_at, seq)
    WHERE status IN ('awaiting_documents', 'awaiting_inspection');
