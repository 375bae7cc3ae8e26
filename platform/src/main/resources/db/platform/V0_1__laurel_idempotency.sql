-- Platform table (shared by every service, lives in each service's own database):
-- one row per (store, RPC, request_id) of a mutating call, holding the first answer for replay.
CREATE TABLE laurel_idempotency (
    store_id     text        NOT NULL,
    request_id   text        NOT NULL,
    operation    text        NOT NULL,  -- full name of the request message type
    request_hash bytea       NOT NULL,  -- SHA-256 of the deterministic encoding of the request
    response     bytea,                 -- the serialized response, written in the same transaction
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (store_id, operation, request_id)
);
CREATE INDEX laurel_idempotency_created_at ON laurel_idempotency (created_at);
