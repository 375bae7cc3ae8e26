-- VIP tier programs (R-TIER-1, 2, 7), versioned like milestone programs: a head row per program for
-- optimistic concurrency and the list, every version kept whole.
CREATE TABLE tier_program (
    store_id         text        NOT NULL,
    tier_program_id  text        NOT NULL,
    current_version  bigint      NOT NULL CHECK (current_version > 0),
    status           text        NOT NULL,  -- DRAFT | ACTIVE | ARCHIVED (of the current version)
    create_time      timestamptz NOT NULL,
    PRIMARY KEY (store_id, tier_program_id)
);

-- R-TIER-1: at most one program per store that is not archived (a racing second create fails here).
CREATE UNIQUE INDEX tier_program_one_live_per_store ON tier_program (store_id) WHERE status <> 'ARCHIVED';

-- ListTierPrograms: newest first, keyset-paged on (create_time, tier_program_id).
CREATE INDEX tier_program_by_creation ON tier_program (store_id, create_time DESC, tier_program_id DESC);

-- Every version, as the serialized laurel.program.v1.TierProgram GetTierProgram returns.
CREATE TABLE tier_program_version (
    store_id         text        NOT NULL,
    tier_program_id  text        NOT NULL,
    version          bigint      NOT NULL CHECK (version > 0),
    status           text        NOT NULL,
    update_time      timestamptz NOT NULL,
    payload          bytea       NOT NULL,
    PRIMARY KEY (store_id, tier_program_id, version),
    FOREIGN KEY (store_id, tier_program_id) REFERENCES tier_program (store_id, tier_program_id)
);
