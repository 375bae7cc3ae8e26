-- tier-service's copy of the configuration it needs from program-service, filled from the
-- configuration feed (laurel.program.v1.ConfigChangeService). Only the latest version of each
-- resource is kept; a snapshot replaces it only when its version is newer (delivery is at least once).

-- Store settings: the time zone drives calendar-year windows; thresholds are in the currency.
CREATE TABLE store_settings (
    store_id       text        PRIMARY KEY,
    version        bigint      NOT NULL,
    currency_code  char(3)     NOT NULL,
    time_zone      text        NOT NULL,
    update_time    timestamptz NOT NULL   -- when this version took effect in program-service
);

-- Tier programs (R-TIER-1): at most one is not ARCHIVED per store; archived ones stay for history.
CREATE TABLE tier_program (
    store_id         text        NOT NULL,
    tier_program_id  text        NOT NULL,
    version          bigint      NOT NULL,
    status           text        NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'ARCHIVED')),
    criterion        text        NOT NULL,  -- POINTS_EARNED | AMOUNT_SPENT | CUSTOMER_TAG
    tier_window      text        NOT NULL,  -- NONE | LIFETIME | CALENDAR_YEAR | ROLLING_365_DAYS_FROM_UPGRADE
    update_time      timestamptz NOT NULL,
    -- the whole laurel.program.v1.TierProgram at `version`: tiers (thresholds, tags, ranks) and
    -- perks (multiplier, entry reward, benefits) exactly as program-service validated them
    snapshot         bytea       NOT NULL,
    PRIMARY KEY (store_id, tier_program_id)
);
CREATE INDEX tier_program_active ON tier_program (store_id) WHERE status = 'ACTIVE';
