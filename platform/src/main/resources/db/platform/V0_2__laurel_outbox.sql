-- Platform table: the transactional outbox. A service writes a message here in the same
-- transaction as the state change it announces; the relay delivers it over gRPC at least once.
CREATE TABLE laurel_outbox (
    id           bigserial   PRIMARY KEY,
    destination  text        NOT NULL,  -- peer service name, resolved through laurel.peers.<name>
    method       text        NOT NULL,  -- full gRPC method name, e.g. laurel.reward.v1.RewardService/IssueReward
    payload      bytea       NOT NULL,  -- the serialized request; it carries its own request_id
    message_key  text        NOT NULL,  -- idempotency key of the message: enqueueing it twice is a no-op
    created_at   timestamptz NOT NULL,
    available_at timestamptz NOT NULL,  -- not before: moves forward with each failed attempt (backoff)
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    delivered_at timestamptz,
    UNIQUE (destination, message_key)
);
CREATE INDEX laurel_outbox_pending ON laurel_outbox (available_at, id) WHERE delivered_at IS NULL;
