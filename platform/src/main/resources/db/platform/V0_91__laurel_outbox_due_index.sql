-- Platform: the relay claims due messages in id order and the backlog gauge reads the oldest one on its way;
-- this index serves both without sorting or scanning the delivered rows kept for laurel.outbox.keep-delivered.
-- It replaces laurel_outbox_pending (available_at, id), which nothing reads any more: one index less to
-- write at every enqueue and every delivery.
CREATE INDEX IF NOT EXISTS laurel_outbox_due ON laurel_outbox (id) WHERE delivered_at IS NULL AND parked_at IS NULL;
DROP INDEX IF EXISTS laurel_outbox_pending;
