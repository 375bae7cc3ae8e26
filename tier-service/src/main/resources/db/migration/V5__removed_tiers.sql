-- Tiers a newer version of a program no longer has (L-TIER-3), with the place they had in the last
-- version that had them: their members move to the highest remaining tier below that place. A tier
-- id a later version has again is a tier again (its row goes). Program-change passes
-- (tier_program_pass) now also move these members, and end every tier of an archived program.
CREATE TABLE removed_tier (
    store_id         text        NOT NULL,
    tier_program_id  text        NOT NULL,
    tier_id          text        NOT NULL,
    threshold        bigint      NOT NULL,   -- its last threshold (points and amount programs)
    rank             integer     NOT NULL,   -- its last rank (CUSTOMER_TAG programs)
    removed_version  bigint      NOT NULL,   -- the first version without it
    removed_time     timestamptz NOT NULL,   -- that version's update_time: when the removal took effect
    PRIMARY KEY (store_id, tier_program_id, tier_id)
);
