-- Chat subscriptions, per-chat settings, the delivery outbox and the log of urgent deliveries
-- for PostgreSQL.
--
-- The conventions of the initial migration apply: times are BIGINT microseconds since the Unix
-- epoch (UTC), booleans are BIGINT 0/1, labels are TEXT in their `as_str` spelling, key columns
-- use COLLATE "C", and the columns stay in step with migrations/sqlite because src/store uses
-- one query text for both.
--
-- Identity columns never reuse a value, so the id of a deleted row is never given to a new one.
-- Outbox keys contain the subscription id, and a reused id would make a new subscription's
-- messages collide with the keys of an old one. A worker marks outbox rows by id, and a reused
-- id would let it mark a stranger's message.

-- What one chat receives; a chat has at most one subscription.
CREATE TABLE subscriptions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    -- The platform's own chat id.
    chat_id TEXT COLLATE "C" NOT NULL CHECK (chat_id <> '' AND length(chat_id) <= 128),
    chat_kind TEXT NOT NULL CHECK (chat_kind IN ('private', 'group', 'channel')),
    tier TEXT NOT NULL CHECK (tier IN ('basic', 'advanced', 'expert')),
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    cadence TEXT NOT NULL CHECK (cadence IN ('instant', 'daily', 'weekly')),
    -- Local time in Europe/Amsterdam as `HH:MM`, 24-hour clock.
    delivery_time TEXT NOT NULL CHECK (length(delivery_time) = 5 AND substr(delivery_time, 3, 1) = ':'),
    -- Day of a weekly digest as the lower-case English abbreviation.
    weekday TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
    -- JSON arrays of regular expressions on product or title.
    include_patterns TEXT NOT NULL,
    exclude_patterns TEXT NOT NULL,
    include_lower_tiers BIGINT NOT NULL CHECK (include_lower_tiers IN (0, 1)),
    active BIGINT NOT NULL CHECK (active IN (0, 1)),
    -- Why delivery stopped for good; kept while `active` is 0 so staff can see it.
    deactivated_reason TEXT,
    -- End of the last digest enqueued; only moves forward.
    window_start BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Time of the last save by a member or staff; enqueueing does not change it.
    updated_at BIGINT NOT NULL,
    UNIQUE (platform, chat_id)
);

-- Settings of a chat that outlive its subscription, such as the language it chose.
CREATE TABLE chat_settings (
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    chat_id TEXT COLLATE "C" NOT NULL CHECK (chat_id <> '' AND length(chat_id) <= 128),
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    PRIMARY KEY (platform, chat_id)
);

-- Every message part to deliver, written before it is sent so that a crash loses nothing and
-- the idempotency key stops a repeated schedule from sending twice. Deleting a subscription
-- deletes its messages, whatever their status.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Idempotency key, such as `digest:{subscription}:{window end}:{part}`.
    key TEXT COLLATE "C" NOT NULL UNIQUE CHECK (key <> ''),
    -- NULL for a message that belongs to no subscription.
    subscription_id BIGINT REFERENCES subscriptions (id) ON DELETE CASCADE,
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    chat_id TEXT COLLATE "C" NOT NULL CHECK (chat_id <> '' AND length(chat_id) <= 128),
    -- The message as `delivery::Payload` JSON.
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'sent', 'failed')),
    -- Failed attempts followed by a retry; rate-limit waits do not count.
    attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at BIGINT NOT NULL,
    -- The worker holding the claim and the end of its lease; set exactly while claimed.
    claimed_by TEXT,
    claimed_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    -- When the message was given up; not part of `domain::OutboxMessage`, for staff queries.
    failed_at BIGINT,
    CHECK ((status = 'claimed') = (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((status = 'failed') = (failed_at IS NOT NULL))
);

-- The claim query: due pending rows and expired claims, oldest first.
CREATE INDEX outbox_status_next_attempt ON outbox (status, next_attempt_at);
CREATE INDEX outbox_subscription ON outbox (subscription_id);
CREATE INDEX outbox_chat ON outbox (platform, chat_id);

-- Urgent advisories already sent to a subscription, so that later digests leave them out. Not
-- a foreign key to `advisories`: the log only records what went out.
CREATE TABLE urgent_deliveries (
    subscription_id BIGINT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    advisory_id TEXT COLLATE "C" NOT NULL,
    delivered_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, advisory_id)
);
