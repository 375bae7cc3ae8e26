-- Platform: the trace of the change that queued an outbox message, so its delivery joins that trace
-- (W3C traceparent, e.g. 00-<trace id>-<span id>-01). Null when tracing is off. A high version number
-- so platform migrations added meanwhile keep theirs (the services run Flyway out of order).
ALTER TABLE laurel_outbox ADD COLUMN IF NOT EXISTS trace_context text;
