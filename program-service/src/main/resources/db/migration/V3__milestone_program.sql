-- Milestone programs (R-PROG-1..10). One head row per program carries what optimistic concurrency
-- and the list need (current version and status, locked FOR UPDATE by writers); every version is
-- kept whole in milestone_program_version and stays readable (R-PROG-9).
CREATE TABLE milestone_program (
    store_id         text        NOT NULL,
    program_id       text        NOT NULL,
    current_version  bigint      NOT NULL CHECK (current_version > 0),
    status           text        NOT NULL,  -- DRAFT | ACTIVE | PAUSED | ARCHIVED (of the current version)
    metric           text        NOT NULL,  -- ORDER_COUNT | AMOUNT_SPENT | POINTS_EARNED | REVIEW_COUNT | INACTIVITY_DAYS
    create_time      timestamptz NOT NULL,
    PRIMARY KEY (store_id, program_id)
);

-- ListMilestonePrograms: the store's programs oldest first, keyset-paged on (create_time, program_id).
CREATE INDEX milestone_program_by_creation ON milestone_program (store_id, create_time, program_id);

-- Every version of every program. The program is a deep tree (condition, rewards as oneofs), read
-- whole and never queried inside, so it is kept as the serialized laurel.program.v1.MilestoneProgram
-- exactly as GetMilestoneProgram returns it; the scalar columns are what queries filter on.
CREATE TABLE milestone_program_version (
    store_id     text        NOT NULL,
    program_id   text        NOT NULL,
    version      bigint      NOT NULL CHECK (version > 0),
    status       text        NOT NULL,
    metric       text        NOT NULL,
    update_time  timestamptz NOT NULL,
    payload      bytea       NOT NULL,
    PRIMARY KEY (store_id, program_id, version),
    FOREIGN KEY (store_id, program_id) REFERENCES milestone_program (store_id, program_id)
);
