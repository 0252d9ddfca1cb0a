-- Initial schema for PostgreSQL: advisories with their revisions and staff tier overrides, the
-- configured sources with fetch state and health, and the CISA KEV catalog.
--
-- Conventions shared with migrations/sqlite (the query code in src/store is the same for
-- both databases, so column names and types must stay in step):
-- - times are BIGINT microseconds since the Unix epoch, UTC;
-- - booleans are BIGINT 0/1, which both databases decode alike through sqlx's Any driver;
-- - labels (tier, urgency, status, kind) are TEXT in their `as_str` spelling.
--
-- Only in PostgreSQL: key columns use COLLATE "C", so that ORDER BY on ids and names sorts by
-- byte value as SQLite's default BINARY collation does, and both databases list rows alike.

-- One row per advisory. The columns are what queries filter and sort on, and `body` is the rest of
-- `domain::Advisory` as JSON, so a new domain field needs no migration. Revisions and the tier
-- override are not in `body`: they live in their own tables below.
CREATE TABLE advisories (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (id <> ''),
    -- Name of the source whose fields won the merge.
    source TEXT NOT NULL,
    -- The tier the classification rules chose.
    classified_tier TEXT NOT NULL CHECK (classified_tier IN ('basic', 'advanced', 'expert')),
    -- The effective tier: the staff override when one exists, else `classified_tier`.
    tier TEXT NOT NULL CHECK (tier IN ('basic', 'advanced', 'expert')),
    urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    -- Publication time, or first sight for items without a date.
    published_at BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX advisories_changed_at ON advisories (changed_at);
CREATE INDEX advisories_tier_changed_at ON advisories (tier, changed_at);

-- Every version of an advisory as first seen. An advisory without a version number has one
-- unversioned revision, stored as major = minor = patch = -1 so that the primary key still
-- makes a repeated write a no-op.
CREATE TABLE revisions (
    advisory_id TEXT COLLATE "C" NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
    -- The version as the source wrote it (`1.01`, `1.0.1`); NULL for an unversioned revision.
    version_text TEXT,
    major BIGINT NOT NULL,
    minor BIGINT NOT NULL,
    patch BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (advisory_id, major, minor, patch)
);

-- Staff decisions that replace the classified tier. Kept apart from `advisories` so that they
-- survive later revisions and reclassification.
CREATE TABLE tier_overrides (
    advisory_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES advisories (id) ON DELETE CASCADE,
    tier TEXT NOT NULL CHECK (tier IN ('basic', 'advanced', 'expert')),
    reason TEXT NOT NULL,
    set_at BIGINT NOT NULL
);

-- Configured sources: configuration, conditional-GET state and health.
CREATE TABLE sources (
    name TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (name <> ''),
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    interval_secs BIGINT NOT NULL CHECK (interval_secs > 0),
    etag TEXT,
    last_modified TEXT,
    -- For CSAF: the newest changes.csv timestamp already processed.
    fetch_cursor BIGINT,
    status TEXT NOT NULL DEFAULT 'never-fetched' CHECK (status IN ('ok', 'failing', 'never-fetched')),
    last_success BIGINT,
    last_error TEXT,
    last_error_at BIGINT,
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    items_seen BIGINT NOT NULL DEFAULT 0,
    next_poll_at BIGINT
);

-- The CISA Known Exploited Vulnerabilities catalog, replaced whole on every successful poll.
CREATE TABLE kev (
    -- Upper case, as `CVE-2024-1234`.
    cve TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    -- ISO 8601 date, `2024-05-30`.
    date_added TEXT NOT NULL,
    known_ransomware BIGINT NOT NULL CHECK (known_ransomware IN (0, 1))
);
