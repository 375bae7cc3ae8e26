-- Computed tiers (R-TIER-2..4, R-TIER-7).

-- Every qualifying activity, kept so a customer's computed tier is a replay of it in occurred_at
-- order: the same final state whatever order deliveries arrive in. Kept under any program, so a
-- program activated later evaluates its window at once. amount: minor units or points, > 0
-- (0 for ORDER_CANCELLED, which takes the order's unrefunded remainder).
CREATE TABLE qualifying_activity (
    store_id     text        NOT NULL,
    activity_id  text        NOT NULL,
    customer_id  text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('ORDER_COMPLETED', 'ORDER_REFUNDED', 'ORDER_CANCELLED',
                                                       'POINTS_EARNED', 'POINTS_REVERSED')),
    occurred_at  timestamptz NOT NULL,
    order_id     text,
    amount       bigint      NOT NULL CHECK (amount >= 0),
    create_time  timestamptz NOT NULL,
    PRIMARY KEY (store_id, activity_id)
);
CREATE INDEX qualifying_activity_customer ON qualifying_activity (store_id, customer_id);

-- Tiers each customer has entered under a program, ever: an entry reward is issued once (R-TIER-2).
CREATE TABLE tier_entry (
    store_id         text        NOT NULL,
    tier_program_id  text        NOT NULL,
    customer_id      text        NOT NULL,
    tier_id          text        NOT NULL,
    entered_at       timestamptz NOT NULL,
    PRIMARY KEY (store_id, tier_program_id, customer_id, tier_id)
);

-- The period-end job finds customers whose window period has ended.
CREATE INDEX customer_tier_period_end ON customer_tier (period_end_time) WHERE period_end_time IS NOT NULL;

-- The store's default points expiry, to resolve an entry reward's STORE_DEFAULT expiry.
ALTER TABLE store_settings ADD COLUMN default_expiry_kind text;
ALTER TABLE store_settings ADD COLUMN default_expiry_days integer;

-- Re-evaluation passes after a new program version (R-TIER-7): resumable, customer by customer.
CREATE TABLE tier_program_pass (
    store_id           text        NOT NULL,
    tier_program_id    text        NOT NULL,
    version            bigint      NOT NULL,
    after_customer_id  text        NOT NULL DEFAULT '',   -- the pass has handled every customer up to this one
    create_time        timestamptz NOT NULL,
    complete_time      timestamptz,
    PRIMARY KEY (store_id, tier_program_id, version)
);
CREATE INDEX tier_program_pass_open ON tier_program_pass (create_time) WHERE complete_time IS NULL;

-- Activity inputs are now idempotent through platform's Idempotency.onceFor (laurel_idempotency).
DROP TABLE recorded_activity;
