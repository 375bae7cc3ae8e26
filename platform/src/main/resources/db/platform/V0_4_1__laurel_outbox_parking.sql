-- The outbox parks messages a receiver refuses for good (kept, listed, replayable), keeps messages
-- of one ordering key in order, and deduplicates on destination + method + key: two messages with
-- one key to one peer but different methods are two messages.
ALTER TABLE laurel_outbox
    ADD COLUMN parked_at    timestamptz,  -- set when the relay stopped trying; cleared by a replay
    ADD COLUMN ordering_key text;         -- optional: messages sharing it (per destination) are delivered one after another, by id

ALTER TABLE laurel_outbox DROP CONSTRAINT laurel_outbox_destination_message_key_key;
ALTER TABLE laurel_outbox ADD CONSTRAINT laurel_outbox_destination_method_message_key_key
    UNIQUE (destination, method, message_key);

DROP INDEX laurel_outbox_pending;
CREATE INDEX laurel_outbox_pending ON laurel_outbox (available_at, id) WHERE delivered_at IS NULL AND parked_at IS NULL;
CREATE INDEX laurel_outbox_parked ON laurel_outbox (id) WHERE parked_at IS NOT NULL;
CREATE INDEX laurel_outbox_ordered ON laurel_outbox (destination, ordering_key, id)
    WHERE delivered_at IS NULL AND parked_at IS NULL AND ordering_key IS NOT NULL;
