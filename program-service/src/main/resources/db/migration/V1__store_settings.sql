-- Every version of every store's loyalty settings (R-STORE-2, versions as in R-PROG-9).
CREATE TABLE store_settings_version (
    store_id                 text        NOT NULL,
    version                  bigint      NOT NULL,
    currency_code            char(3)     NOT NULL,
    time_zone                text        NOT NULL,
    default_expiry_kind      text        NOT NULL,  -- NEVER | AFTER_DAYS
    default_expiry_days      integer     NOT NULL,
    base_earning_rate_milli  bigint      NOT NULL CHECK (base_earning_rate_milli >= 0),
    point_value_minor_milli  bigint      NOT NULL CHECK (point_value_minor_milli > 0),
    create_time              timestamptz NOT NULL,
    update_time              timestamptz NOT NULL,
    PRIMARY KEY (store_id, version)
);
