-- Every customer's VIP tier under the store's tier program. The effective tier is the manual
-- assignment when there is one in force, else the computed tier; it is derived, never stored apart.
CREATE TABLE customer_tier (
    store_id                   text        NOT NULL,
    customer_id                text        NOT NULL,
    tier_program_id            text        NOT NULL,
    -- what the rules give: criterion and window (COMPUTED) or tags (TAG); null = no tier
    computed_tier_id           text,
    computed_source            text        NOT NULL CHECK (computed_source IN ('COMPUTED', 'TAG')),
    computed_since             timestamptz,
    -- the current window period (R-TIER-3); kept by the computed-tier rules
    qualifying_value           bigint      NOT NULL DEFAULT 0,
    period_start_time          timestamptz,
    period_end_time            timestamptz,
    held_until                 timestamptz,
    -- when the customer entered the effective tier
    tier_since                 timestamptz,
    -- the manual assignment (R-TIER-6); all null when none. One past manual_end_time no longer
    -- applies: reads leave it out at once, and it is recorded as MANUAL_EXPIRED when noticed.
    manual_tier_id             text,
    manual_reason              text,
    manual_actor_kind          text,
    manual_actor_id            text,
    manual_actor_display_name  text,
    manual_start_time          timestamptz,
    manual_end_time            timestamptz,
    update_time                timestamptz NOT NULL,
    PRIMARY KEY (store_id, customer_id),
    CHECK ((manual_tier_id IS NULL) = (manual_start_time IS NULL)
       AND (manual_tier_id IS NULL) = (manual_reason IS NULL)
       AND (manual_tier_id IS NULL) = (manual_actor_kind IS NULL))
);
-- assignments that end by themselves, for a job that settles them without waiting for a read
CREATE INDEX customer_tier_manual_end ON customer_tier (manual_end_time) WHERE manual_end_time IS NOT NULL;

-- The tier history (R-TIER-6): append-only, one row per change of the effective or computed tier.
CREATE TABLE tier_change (
    change_id                text        PRIMARY KEY,   -- also the key of the messages it caused downstream
    seq                      bigserial   NOT NULL UNIQUE,  -- recording order: tie-break of history paging
    store_id                 text        NOT NULL,
    customer_id              text        NOT NULL,
    tier_program_id          text        NOT NULL,
    from_tier_id             text,                      -- null = no tier
    to_tier_id               text,                      -- null = no tier
    cause                    text        NOT NULL,      -- TierChangeCause without prefix, e.g. MANUAL_ASSIGN
    overridden               boolean     NOT NULL DEFAULT false,
    effective_time           timestamptz NOT NULL,
    create_time              timestamptz NOT NULL,
    qualifying_value         bigint      NOT NULL DEFAULT 0,
    trigger_activity_id      text,
    order_id                 text,
    entry_rewarded_tier_ids  text[]      NOT NULL DEFAULT '{}',
    actor_kind               text        NOT NULL,      -- MERCHANT_STAFF | PLATFORM | SYSTEM
    actor_id                 text        NOT NULL,
    actor_display_name       text        NOT NULL DEFAULT '',
    reason                   text        NOT NULL DEFAULT ''
);
CREATE INDEX tier_change_history ON tier_change (store_id, customer_id, effective_time DESC, seq DESC);
