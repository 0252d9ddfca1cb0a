-- Member submissions, for SQLite.
--
-- The conventions of the initial migration apply: times are BIGINT microseconds since the Unix
-- epoch (UTC), booleans BIGINT 0/1, labels TEXT in their `as_str` spelling, and the columns stay
-- in step with migrations/postgres because src/store uses one query text for both.
--
-- The text, link, indicators and submitter identity are stored only encrypted (columns ending
-- in `_sealed`: base64 of an XChaCha20-Poly1305 nonce and ciphertext, made with the data key
-- from KETENWACHT_DATA_KEY). `submitter_hash` is an HMAC-SHA256 of the member keyed from the
-- same key, so per-member limits and data requests work without decrypting.
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    -- The member's language, for notices and the attribution line of the advisory.
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    -- Chosen by the member when sending; NULL while a draft. RED is never stored.
    tlp TEXT CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT')),
    tier TEXT CHECK (tier IN ('basic', 'advanced', 'expert')),
    anonymous BIGINT NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    -- The platform user id of the staff member who approved or rejected it.
    decided_by TEXT CHECK (length(decided_by) <= 128),
    reject_reason TEXT CHECK (length(reject_reason) <= 1000),
    -- The advisory an approval created.
    advisory_id TEXT,
    text_sealed TEXT NOT NULL,
    link_sealed TEXT,
    indicators_sealed TEXT NOT NULL,
    -- The submitter's user id, chat id and display name as sealed JSON; NULL once removed.
    identity_sealed TEXT,
    -- Hex HMAC-SHA256 of platform and user id; NULL once the identity is removed.
    submitter_hash TEXT CHECK (length(submitter_hash) = 64),
    CHECK (status = 'draft' OR (tlp IS NOT NULL AND tier IS NOT NULL))
);

CREATE INDEX submissions_status_created ON submissions (status, created_at);
CREATE INDEX submissions_submitter ON submissions (submitter_hash, created_at);
