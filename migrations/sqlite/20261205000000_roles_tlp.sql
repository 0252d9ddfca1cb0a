-- Verified members, the TLP ceiling of each chat, and the audit log of staff changes, for SQLite.
--
-- The conventions of the initial migration apply: times are BIGINT microseconds since the Unix
-- epoch (UTC), labels are TEXT in their `as_str` spelling, and the columns stay in step with
-- migrations/postgres because src/store uses one query text for both.

-- Members whom staff verified as working for a member organisation.
CREATE TABLE verified_members (
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    user_id TEXT NOT NULL CHECK (user_id <> '' AND length(user_id) <= 128),
    organisation TEXT NOT NULL CHECK (organisation <> '' AND length(organisation) <= 100),
    -- The platform user id of the staff member who verified them.
    verified_by TEXT NOT NULL CHECK (verified_by <> '' AND length(verified_by) <= 128),
    verified_at BIGINT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

-- The highest TLP label a chat may receive. A chat without a row receives TLP:CLEAR only.
-- AMBER+STRICT and RED are never allowed for a chat.
CREATE TABLE chat_tlp_ceilings (
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    chat_id TEXT NOT NULL CHECK (chat_id <> '' AND length(chat_id) <= 128),
    ceiling TEXT NOT NULL CHECK (ceiling IN ('CLEAR', 'GREEN', 'AMBER')),
    PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;

-- Every change staff make to roles and ceilings: who did what to which subject, and when.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    -- The platform user id of the staff member.
    actor TEXT NOT NULL CHECK (actor <> '' AND length(actor) <= 128),
    -- What changed, such as 'verify', 'unverify' or 'chat-tlp'.
    action TEXT NOT NULL CHECK (action <> '' AND length(action) <= 32),
    -- The member or chat the change applies to.
    subject TEXT NOT NULL CHECK (subject <> '' AND length(subject) <= 160),
    -- The new value, such as an organisation or a TLP label; '' when there is none.
    detail TEXT NOT NULL CHECK (length(detail) <= 200)
);

CREATE INDEX audit_log_at ON audit_log (at);
