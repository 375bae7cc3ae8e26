-- The configuration change feed (laurel.program.v1.ConfigChangeService): one row per stored version
-- of store settings, milestone programs and tier programs, written in the transaction that stores
-- the version. Writers take a transaction-level advisory lock before inserting, so sequences commit
-- in increasing order and a reader never sees sequence N+1 before N.
CREATE TABLE config_change (
    sequence     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     text        NOT NULL,
    kind         text        NOT NULL,  -- STORE_SETTINGS | MILESTONE_PROGRAM | TIER_PROGRAM
    resource_id  text        NOT NULL,
    version      bigint      NOT NULL,
    archived     boolean     NOT NULL,  -- the snapshot is an archived program (left out of ListCurrentConfig)
    change_time  timestamptz NOT NULL,
    payload      bytea       NOT NULL   -- laurel.program.v1.ConfigChange without its sequence
);

-- Replay filtered by store, and the latest version per resource for ListCurrentConfig.
CREATE INDEX config_change_store_sequence ON config_change (store_id, sequence);
CREATE INDEX config_change_resource ON config_change (store_id, kind, resource_id, sequence DESC);

-- How far retention has purged: a cursor below purged_through has missed changes (CURSOR_EXPIRED).
CREATE TABLE config_change_horizon (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    purged_through  bigint  NOT NULL
);
INSERT INTO config_change_horizon (purged_through) VALUES (0);
