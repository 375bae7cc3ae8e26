-- Platform: the relay claims due messages in id order and the backlog gauge reads the oldest one on its way;
-- this index serves both without sorting or scanning the delivered rows kept for laurel.outbox.keep-delivered.
CREATE INDEX IF NOT EXISTS laurel_outbox_due ON laurel_outbox (id) WHERE delivered_at IS NULL AND parked_at IS NULL;
