-- Configuration followed from program-service's feed: every version of store settings and milestone
-- programs, as the proto snapshot. Events are judged by the version in effect at their occurred_at
-- (R-PROG-8), so no version is ever replaced.
CREATE TABLE store_settings_version (
    store_id        text        NOT NULL,
    version         bigint      NOT NULL,
    effective_from  timestamptz NOT NULL,  -- the snapshot's update_time
    snapshot        bytea       NOT NULL,  -- laurel.program.v1.StoreSettings
    PRIMARY KEY (store_id, version)
);

CREATE TABLE milestone_program_version (
    store_id        text        NOT NULL,
    program_id      text        NOT NULL,
    version         bigint      NOT NULL,
    effective_from  timestamptz NOT NULL,
    snapshot        bytea       NOT NULL,  -- laurel.program.v1.MilestoneProgram
    PRIMARY KEY (store_id, program_id, version)
);

-- One row per customer the store has sent events about. Its row lock serialises every change to the
-- customer's progress (concurrent batches for one customer never lose an update); revision counts
-- those changes and guards the Redis cache against stale writers.
CREATE TABLE customer_state (
    store_id              text        NOT NULL,
    customer_id           text        NOT NULL,
    revision              bigint      NOT NULL DEFAULT 0,
    last_activity_at      timestamptz,           -- start of the current inactivity spell
    inactivity_checked_at timestamptz,           -- last inactivity scan of this customer
    PRIMARY KEY (store_id, customer_id)
);
CREATE INDEX customer_state_inactive ON customer_state (store_id, last_activity_at) WHERE last_activity_at IS NOT NULL;

-- Tags and tier as timelines: conditions look at them as of an event's occurred_at (R-PROG-5).
CREATE TABLE customer_attribute (
    store_id     text        NOT NULL,
    customer_id  text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('TAGS', 'TIER')),
    occurred_at  timestamptz NOT NULL,
    event_id     text        NOT NULL,
    tags         text[],                -- TAGS: the complete set
    tier_id      text,                  -- TIER: '' = no tier
    PRIMARY KEY (store_id, customer_id, kind, occurred_at, event_id)
);

-- Completed orders: what of them was refunded or cancelled and the programs they counted in, so
-- refunds move back only those and never by more than the order added (R-PROG-TRACK-5).
CREATE TABLE customer_order (
    store_id          text        NOT NULL,
    order_id          text        NOT NULL,
    customer_id       text        NOT NULL,
    amount_minor      bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,
    refunded_minor    bigint      NOT NULL,
    count_removed     boolean     NOT NULL,
    cancelled         boolean     NOT NULL,
    counted_programs  text[]      NOT NULL,
    PRIMARY KEY (store_id, order_id)
);

-- A customer's progress in one program: the truth behind the view and the cache (R-PROG-TRACK-7).
-- reached is "target@epoch-micros" items joined by ',' (ProgressCodec); reached_count and
-- last_reached_* serve the merchant's list.
CREATE TABLE program_progress (
    store_id             text        NOT NULL,
    program_id           text        NOT NULL,
    customer_id          text        NOT NULL,
    value                bigint      NOT NULL,
    spell_start          timestamptz,
    reached              text        NOT NULL,
    reached_count        integer     NOT NULL,
    last_reached_target  bigint      NOT NULL,
    last_reached_at      timestamptz,
    last_event_at        timestamptz,
    PRIMARY KEY (store_id, customer_id, program_id)
);
CREATE INDEX program_progress_by_program ON program_progress (store_id, program_id, customer_id);

-- One ReviewPublished per review id (contract): a second one under another event id is rejected.
ALTER TABLE customer_event ADD COLUMN review_id text;
CREATE UNIQUE INDEX customer_event_one_publication_per_review ON customer_event (store_id, review_id)
    WHERE kind = 'REVIEW_PUBLISHED';
