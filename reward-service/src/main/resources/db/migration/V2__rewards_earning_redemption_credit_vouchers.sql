-- Issued rewards, claw-backs, base earning, redemption holds, store credit and vouchers
-- (R-LEDGER-1, 4, 5, 6, 7). The points_account row stays the one lock per customer: every change of
-- a customer's points, store credit or vouchers takes it first, so they serialize on one row.

-- Store credit lives on the same account row (one lock): append position, booked balance, held part.
ALTER TABLE points_account
    ADD COLUMN credit_last_sequence bigint NOT NULL DEFAULT 0,
    ADD COLUMN credit_balance_minor bigint NOT NULL DEFAULT 0 CHECK (credit_balance_minor >= 0),
    ADD COLUMN credit_held_minor    bigint NOT NULL DEFAULT 0 CHECK (credit_held_minor BETWEEN 0 AND credit_balance_minor);

-- Lots whose unheld remainder is past its expiry: what the expiry job books (R-LEDGER-2).
CREATE INDEX points_lot_due ON points_lot (expires_at)
    WHERE expires_at IS NOT NULL AND remaining_points > held_points;

-- The ledger entry's other references (the cause columns already exist in V1).
ALTER TABLE ledger_entry ADD COLUMN cause_order_id text;
CREATE INDEX ledger_entry_by_redemption ON ledger_entry (store_id, redemption_id) WHERE redemption_id IS NOT NULL;

-- One row per reward cause (R-LEDGER-1): the first issue wins; a retry or a concurrent duplicate
-- conflicts on the primary key (waiting for the first to commit) and replays `issued` (an
-- IssuedReward message). The claw-back of the same cause is recorded here too, once.
CREATE TABLE reward_issue (
    store_id         text        NOT NULL,
    cause_key        text        NOT NULL,
    customer_id      text        NOT NULL,
    reward_kind      text        NOT NULL CHECK (reward_kind IN ('POINTS', 'STORE_CREDIT', 'FREE_PRODUCT', 'PENDING')),
    issued           bytea,                    -- IssuedReward; NULL while only a claw-back is known (PENDING)
    lot_id           uuid,                     -- POINTS: the lot created
    amount_minor     bigint,                   -- STORE_CREDIT: the amount issued
    voucher_id       uuid,                     -- FREE_PRODUCT
    claw_back        bytea,                    -- ClawBackRewardResponse once clawed back (or pending)
    claw_back_reason text,
    claw_back_time   timestamptz,
    claw_back_done   boolean     NOT NULL DEFAULT false,
    create_time      timestamptz NOT NULL,
    PRIMARY KEY (store_id, cause_key)
);

-- Base earning per order (R-LEDGER-5): a summary of the order's entries, kept with them in one
-- transaction; the integrity check compares it with the entries.
CREATE TABLE order_earning (
    store_id              text        NOT NULL,
    order_id              text        NOT NULL,
    customer_id           text        NOT NULL,
    amount_minor          bigint      NOT NULL CHECK (amount_minor >= 0),
    currency_code         char(3)     NOT NULL,
    occurred_at           timestamptz NOT NULL,
    rate_milli            bigint      NOT NULL,
    multiplier_bps        integer     NOT NULL,
    points_earned         bigint      NOT NULL CHECK (points_earned >= 0),
    refunded_minor        bigint      NOT NULL DEFAULT 0,
    points_reversed       bigint      NOT NULL DEFAULT 0,
    cancelled             boolean     NOT NULL DEFAULT false,
    lot_id                uuid,
    expires_at            timestamptz,
    create_time           timestamptz NOT NULL,
    PRIMARY KEY (store_id, order_id)
);
CREATE INDEX order_earning_by_customer ON order_earning (store_id, customer_id, occurred_at);

-- Every refund or cancellation received, applied or waiting for its order (pending).
CREATE TABLE order_reversal (
    store_id        text        NOT NULL,
    order_id        text        NOT NULL,
    reversal_id     text        NOT NULL,
    customer_id     text        NOT NULL,
    refunded_minor  bigint      NOT NULL,      -- 0 for a cancellation
    currency_code   char(3)     NOT NULL,
    cancellation    boolean     NOT NULL,
    occurred_at     timestamptz NOT NULL,
    applied         boolean     NOT NULL,
    create_time     timestamptz NOT NULL,
    PRIMARY KEY (store_id, order_id, reversal_id)
);

-- Tier changes from tier-service: the multiplier applies to orders that occurred strictly after effective_time.
CREATE TABLE tier_change (
    store_id         text        NOT NULL,
    change_id        text        NOT NULL,
    customer_id      text        NOT NULL,
    tier_program_id  text        NOT NULL,
    tier_id          text        NOT NULL,
    multiplier_bps   integer     NOT NULL,
    effective_time   timestamptz NOT NULL,
    repriced_orders  integer     NOT NULL,
    create_time      timestamptz NOT NULL,
    PRIMARY KEY (store_id, change_id)
);
CREATE INDEX tier_change_by_customer ON tier_change (store_id, customer_id, effective_time);

-- Checkout redemptions (R-LEDGER-4) and the lot portions each holds while RESERVED.
CREATE TABLE redemption (
    redemption_id            uuid        PRIMARY KEY,
    store_id                 text        NOT NULL,
    customer_id              text        NOT NULL,
    checkout_id              text        NOT NULL,
    points                   bigint      NOT NULL CHECK (points >= 0),
    point_value_minor_milli  bigint      NOT NULL,
    currency_code            char(3)     NOT NULL,
    points_discount_minor    bigint      NOT NULL,
    store_credit_minor       bigint      NOT NULL CHECK (store_credit_minor >= 0),
    state                    text        NOT NULL CHECK (state IN ('RESERVED', 'COMMITTED', 'RELEASED', 'EXPIRED')),
    create_time              timestamptz NOT NULL,
    expire_time              timestamptz NOT NULL,
    end_time                 timestamptz,
    order_id                 text
);
CREATE UNIQUE INDEX redemption_one_open_per_checkout ON redemption (store_id, checkout_id) WHERE state = 'RESERVED';
CREATE INDEX redemption_due ON redemption (expire_time) WHERE state = 'RESERVED';
CREATE INDEX redemption_by_customer ON redemption (store_id, customer_id) WHERE state = 'RESERVED';

CREATE TABLE redemption_hold (
    redemption_id  uuid    NOT NULL REFERENCES redemption (redemption_id),
    lot_id         uuid    NOT NULL REFERENCES points_lot (lot_id),
    store_id       text    NOT NULL,
    points         bigint  NOT NULL CHECK (points > 0),
    PRIMARY KEY (redemption_id, lot_id)
);

-- The append-only store-credit ledger (R-LEDGER-6); the balance is on points_account.
CREATE TABLE store_credit_entry (
    entry_id                uuid        PRIMARY KEY,
    store_id                text        NOT NULL,
    customer_id             text        NOT NULL,
    sequence                bigint      NOT NULL CHECK (sequence > 0),
    kind                    text        NOT NULL CHECK (kind IN ('ISSUED', 'SPENT', 'ADJUSTED', 'CLAWED_BACK')),
    amount_delta_minor      bigint      NOT NULL,
    balance_after_minor     bigint      NOT NULL,
    currency_code           char(3)     NOT NULL,
    effective_time          timestamptz NOT NULL,
    create_time             timestamptz NOT NULL,
    cause                   bytea,                 -- RewardCause (ISSUED, CLAWED_BACK)
    redemption_id           uuid,                  -- SPENT
    order_id                text,                  -- SPENT
    reason                  text        NOT NULL DEFAULT '' CHECK (char_length(reason) <= 500),
    actor_kind              text        NOT NULL CHECK (actor_kind IN ('MERCHANT_STAFF', 'PLATFORM', 'SYSTEM')),
    actor_id                text        NOT NULL,
    actor_display_name      text        NOT NULL DEFAULT '',
    UNIQUE (store_id, customer_id, sequence),
    FOREIGN KEY (store_id, customer_id) REFERENCES points_account (store_id, customer_id)
);
CREATE TRIGGER store_credit_entry_append_only BEFORE UPDATE OR DELETE ON store_credit_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Free-product vouchers (R-LEDGER-7). ISSUED → REDEEMED | EXPIRED | REVOKED, each final.
CREATE TABLE voucher (
    voucher_id          uuid        PRIMARY KEY,
    store_id            text        NOT NULL,
    customer_id         text        NOT NULL,
    code                text        NOT NULL,
    product_id          text        NOT NULL,
    variant_id          text        NOT NULL DEFAULT '',
    quantity            integer     NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    state               text        NOT NULL CHECK (state IN ('ISSUED', 'REDEEMED', 'EXPIRED', 'REVOKED')),
    cause_key           text        NOT NULL,
    cause               bytea       NOT NULL,      -- RewardCause
    issue_time          timestamptz NOT NULL,
    expires_at          timestamptz,
    redeem_time         timestamptz,
    order_id            text,
    revoke_time         timestamptz,
    revoke_reason       text,
    revoked_by_kind     text,
    revoked_by_id       text,
    revoked_by_name     text,
    UNIQUE (store_id, code),
    UNIQUE (store_id, cause_key),
    CHECK ((state = 'REDEEMED') = (redeem_time IS NOT NULL AND order_id IS NOT NULL)),
    CHECK ((state = 'REVOKED') = (revoke_time IS NOT NULL))
);
CREATE INDEX voucher_by_customer ON voucher (store_id, customer_id, issue_time DESC, voucher_id DESC);
CREATE INDEX voucher_by_store ON voucher (store_id, issue_time DESC, voucher_id DESC);
CREATE INDEX voucher_due ON voucher (expires_at) WHERE state = 'ISSUED' AND expires_at IS NOT NULL;
