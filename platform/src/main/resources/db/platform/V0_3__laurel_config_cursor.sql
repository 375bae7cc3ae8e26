-- Platform table: how far this service has applied program-service's configuration feed.
-- Advanced in the same transaction as each applied change, so a restart resumes exactly there.
CREATE TABLE laurel_config_cursor (
    feed          text        PRIMARY KEY,  -- 'program' (the only feed today)
    last_sequence bigint      NOT NULL,
    update_time   timestamptz NOT NULL
);
