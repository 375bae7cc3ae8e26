-- The tag set each customer carries (R-TIER-5), as last reported by progress-service
-- (RecordCustomerTags; newest occurred_at wins). Kept whatever the store's program, so a tag
-- program activated later can place customers at once.
CREATE TABLE customer_tags (
    store_id     text        NOT NULL,
    customer_id  text        NOT NULL,
    tags         text[]      NOT NULL,
    occurred_at  timestamptz NOT NULL,   -- when the platform set this tag set
    activity_id  text        NOT NULL,   -- the activity that reported it
    update_time  timestamptz NOT NULL,
    PRIMARY KEY (store_id, customer_id)
);

-- Inputs recorded by business key (the sender's activity_id), so a redelivery under any request_id
-- returns the first result (RecordCustomerTags today; RecordQualifyingActivity will use it too).
CREATE TABLE recorded_activity (
    store_id     text        NOT NULL,
    kind         text        NOT NULL,   -- CUSTOMER_TAGS
    activity_id  text        NOT NULL,
    customer_id  text        NOT NULL,
    response     bytea,                  -- the serialized first response, written in the same transaction
    create_time  timestamptz NOT NULL,
    PRIMARY KEY (store_id, kind, activity_id)
);
