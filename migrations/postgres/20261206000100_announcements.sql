-- Staff announcements, for PostgreSQL.
--
-- The conventions of the initial migration apply: times are BIGINT microseconds since the Unix
-- epoch (UTC), labels are TEXT in their `as_str` spelling, and the columns stay in step with
-- migrations/sqlite because src/store uses one query text for both. Identity columns never
-- reuse a value, which matters because buttons and outbox keys (`announce:{id}:{chat}`) carry
-- it: a reused id would let an old button confirm or withdraw another announcement.
--
-- The audit log now also records settings changes by any member (subscribe, unsubscribe, tier,
-- language, cadence), so `audit_log.actor` is a member's platform user id, or the marker
-- 'forgotten-member' after that member asked to be forgotten.

CREATE TABLE announcements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The platform and user id of the staff member who wrote it.
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    created_by TEXT COLLATE "C" NOT NULL CHECK (created_by <> '' AND length(created_by) <= 128),
    body TEXT NOT NULL CHECK (body <> '' AND length(body) <= 1800),
    -- 'draft' until staff confirm it, then 'confirmed', and 'withdrawn' once withdrawn.
    status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'withdrawn')),
    -- The delivery time staff chose, or NULL to deliver on confirmation.
    send_at BIGINT,
    -- The audience chosen on confirmation as comma-separated labels; NULL for a draft.
    tiers TEXT,
    platforms TEXT,
    languages TEXT,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    withdrawn_at BIGINT,
    -- A confirmed announcement keeps its audience and time of confirmation, also once withdrawn.
    CHECK (confirmed_at IS NULL OR (tiers IS NOT NULL AND platforms IS NOT NULL AND languages IS NOT NULL)),
    CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
