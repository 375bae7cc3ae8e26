-- Every customer event progress-service accepted (R-PROG-TRACK-1), stored once per (store_id, event_id)
-- (R-PROG-TRACK-2: INSERT ... ON CONFLICT DO NOTHING, the first delivery wins). The base that
-- progress and milestone detection are computed from.
CREATE TABLE customer_event (
    store_id     text        NOT NULL,
    event_id     text        NOT NULL,
    -- arrival order across the table: a cursor for work that follows accepted events
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    customer_id  text        NOT NULL,
    occurred_at  timestamptz NOT NULL,  -- decides attribution (R-PROG-8); microseconds, exact value in payload
    kind         text        NOT NULL CHECK (kind IN ('ORDER_COMPLETED', 'ORDER_REFUNDED', 'ORDER_CANCELLED',
                                 'REVIEW_PUBLISHED', 'POINTS_EARNED', 'POINTS_REVERSED', 'CUSTOMER_ACTIVITY',
                                 'CUSTOMER_UPDATED', 'CUSTOMER_TIER_CHANGED')),
    order_id     text,                  -- the order an order or points event is about; NULL otherwise
    payload      bytea       NOT NULL,  -- the laurel.progress.v1.CustomerEvent as received (proto binary)
    received_at  timestamptz NOT NULL,  -- when Laurel recorded it (the injected clock)
    PRIMARY KEY (store_id, event_id),
    UNIQUE (seq)
);

-- A customer's history in the order it happened: replaying and recomputing progress.
CREATE INDEX customer_event_by_customer ON customer_event (store_id, customer_id, occurred_at);

-- Everything about one order (its completion, refunds, cancellation, points), e.g. a refund that
-- arrived before its order.
CREATE INDEX customer_event_by_order ON customer_event (store_id, order_id) WHERE order_id IS NOT NULL;

-- One OrderCompleted per order: a second one under another event_id is rejected
-- (ORDER_ALREADY_COMPLETED). Concurrent completions collide here, and the first to commit wins.
CREATE UNIQUE INDEX customer_event_one_completion_per_order ON customer_event (store_id, order_id)
    WHERE kind = 'ORDER_COMPLETED';
