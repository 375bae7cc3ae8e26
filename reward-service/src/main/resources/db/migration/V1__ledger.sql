-- reward-service's ledger (R-LEDGER-2, 3, 8, 9) and what it knows of each store's settings.
-- Points are held in lots; every change of a customer's points is an append-only ledger entry;
-- debits say which lots they consumed (ledger_allocation), so every lot's remainder and every
-- balance can be recomputed from the entries alone (CheckLedgerIntegrity).

-- The store's settings as program-service's configuration feed delivered them (latest version).
CREATE TABLE store_config (
    store_id                 text        PRIMARY KEY,
    version                  bigint      NOT NULL,
    currency_code            char(3)     NOT NULL,
    time_zone                text        NOT NULL,
    default_expiry_kind      text        NOT NULL CHECK (default_expiry_kind IN ('NEVER', 'AFTER_DAYS')),
    default_expiry_days      integer     NOT NULL,
    base_earning_rate_milli  bigint      NOT NULL CHECK (base_earning_rate_milli >= 0),
    point_value_minor_milli  bigint      NOT NULL CHECK (point_value_minor_milli > 0),
    effective_time           timestamptz NOT NULL,  -- the version's update_time: it applies from then
    apply_time               timestamptz NOT NULL   -- when this service applied it
);

-- Every version received, so base earning can use the rate in effect at an order's occurred_at
-- (R-LEDGER-5), whatever order the feed and the orders arrive in.
CREATE TABLE store_config_version (
    store_id                 text        NOT NULL,
    version                  bigint      NOT NULL,
    currency_code            char(3)     NOT NULL,
    time_zone                text        NOT NULL,
    default_expiry_kind      text        NOT NULL,
    default_expiry_days      integer     NOT NULL,
    base_earning_rate_milli  bigint      NOT NULL,
    point_value_minor_milli  bigint      NOT NULL,
    effective_time           timestamptz NOT NULL,
    PRIMARY KEY (store_id, version)
);

-- One row per customer with a points ledger: the lock that serializes a customer's ledger writes,
-- the append position and the booked balance (= balance_after of the last entry).
CREATE TABLE points_account (
    store_id       text        NOT NULL,
    customer_id    text        NOT NULL,
    last_sequence  bigint      NOT NULL DEFAULT 0,
    balance        bigint      NOT NULL DEFAULT 0,   -- may go negative only through refund reversals
    debt_points    bigint      NOT NULL DEFAULT 0 CHECK (debt_points >= 0),  -- reversal debt later credits repay
    create_time    timestamptz NOT NULL,
    update_time    timestamptz NOT NULL,
    PRIMARY KEY (store_id, customer_id)
);

-- The append-only points ledger. Columns beyond the manual adjustment's are for the entry kinds
-- the later flows append (rewards, base earning, reversals, redemption, claw-back).
CREATE TABLE ledger_entry (
    entry_id                uuid        PRIMARY KEY,
    store_id                text        NOT NULL,
    customer_id             text        NOT NULL,
    sequence                bigint      NOT NULL CHECK (sequence > 0),
    kind                    text        NOT NULL CHECK (kind IN ('EARNED', 'SPENT', 'EXPIRED', 'REVERSED',
                                                                 'CLAWED_BACK', 'ADJUSTED', 'EARNING_CORRECTED')),
    points_delta            bigint      NOT NULL,
    balance_after           bigint      NOT NULL,
    effective_time          timestamptz NOT NULL,
    create_time             timestamptz NOT NULL,
    lot_id                  uuid,                  -- credits: the lot created
    expires_at              timestamptz,           -- credits: the created lot's expiry (NULL = never)
    -- reward entries (R-LEDGER-1): the cause, and the key derived from it
    cause_key               text,
    cause_kind              text,
    cause_program_id        text,
    cause_program_version   bigint,
    cause_milestone_target  bigint,
    cause_spell_start_time  timestamptz,
    cause_tier_id           text,
    cause_trigger_event_id  text,
    order_id                text,                  -- base earning, reversals, corrections
    reversal_id             text,                  -- REVERSED: refund or cancellation id
    redemption_id           text,                  -- SPENT
    reason                  text        NOT NULL DEFAULT '' CHECK (char_length(reason) <= 500),
    actor_kind              text        NOT NULL CHECK (actor_kind IN ('MERCHANT_STAFF', 'PLATFORM', 'SYSTEM')),
    actor_id                text        NOT NULL,
    actor_display_name      text        NOT NULL DEFAULT '',
    UNIQUE (store_id, customer_id, sequence),
    FOREIGN KEY (store_id, customer_id) REFERENCES points_account (store_id, customer_id)
);
CREATE INDEX ledger_entry_by_order ON ledger_entry (store_id, order_id) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entry_reward_once ON ledger_entry (store_id, cause_key)
    WHERE cause_key IS NOT NULL AND kind = 'EARNED';

-- Points lots (R-LEDGER-2): created by a credit entry; remaining_points is what debits have not
-- consumed yet (it equals original_points minus the lot's allocations, which the integrity check
-- verifies). The remainder of a lot past expires_at is expired whether or not its EXPIRED entry is
-- booked yet (expiry_entry_id).
CREATE TABLE points_lot (
    lot_id            uuid        PRIMARY KEY,
    store_id          text        NOT NULL,
    customer_id       text        NOT NULL,
    entry_id          uuid        NOT NULL REFERENCES ledger_entry (entry_id),
    source_kind       text        NOT NULL CHECK (source_kind IN ('MANUAL', 'BASE_EARNING', 'MILESTONE_REWARD',
                                                                  'TIER_ENTRY_REWARD', 'EARNING_CORRECTION')),
    source_ref        text,                    -- the order id or reward cause key; NULL for MANUAL
    earned_at         timestamptz NOT NULL,
    expires_at        timestamptz,             -- NULL = never
    original_points   bigint      NOT NULL CHECK (original_points > 0),
    remaining_points  bigint      NOT NULL CHECK (remaining_points BETWEEN 0 AND original_points),
    held_points       bigint      NOT NULL DEFAULT 0 CHECK (held_points BETWEEN 0 AND remaining_points),
    expiry_entry_id   uuid        REFERENCES ledger_entry (entry_id),
    create_time       timestamptz NOT NULL,
    FOREIGN KEY (store_id, customer_id) REFERENCES points_account (store_id, customer_id)
);
-- consumption order (R-LEDGER-3): soonest expiry first, never-expiring last, then oldest
CREATE INDEX points_lot_consumption ON points_lot
    (store_id, customer_id, (COALESCE(expires_at, 'infinity'::timestamptz)), earned_at, lot_id);

-- What each debit took from which lot (LedgerEntry.allocations); lot_id NULL = the part that went
-- into debt. effective_time is the entry's, so a balance at a past instant can add back later debits.
CREATE TABLE ledger_allocation (
    entry_id        uuid        NOT NULL REFERENCES ledger_entry (entry_id),
    position        integer     NOT NULL,
    store_id        text        NOT NULL,
    customer_id     text        NOT NULL,
    lot_id          uuid        REFERENCES points_lot (lot_id),
    points          bigint      NOT NULL CHECK (points > 0),
    effective_time  timestamptz NOT NULL,
    PRIMARY KEY (entry_id, position)
);
CREATE INDEX ledger_allocation_by_customer ON ledger_allocation (store_id, customer_id, effective_time);

-- The ledger is append-only (R-LEDGER-9): entries and allocations are never changed or removed.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_allocation_append_only BEFORE UPDATE OR DELETE ON ledger_allocation
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
