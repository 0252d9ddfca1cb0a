-- Progress of members through the supplier security checklist, for PostgreSQL.
--
-- The conventions of the initial migration apply: times are BIGINT microseconds since the Unix
-- epoch (UTC), labels are TEXT in their `as_str` spelling, key columns use COLLATE "C", and the
-- columns stay in step with migrations/sqlite because src/store uses one query text for both.
-- Identity columns never reuse a value, which matters because buttons carry the run id: a
-- reused id would let an old button answer a stranger's run.

-- One member's walk through the checklist, for one supplier or for none.
CREATE TABLE checklist_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'terminal', 'webhook')),
    -- The member's own id on the platform.
    user_id TEXT COLLATE "C" NOT NULL CHECK (user_id <> '' AND length(user_id) <= 128),
    -- The supplier's name as the member typed it (cleaned), or '' for a run without one.
    supplier TEXT NOT NULL CHECK (length(supplier) <= 100),
    -- The supplier's name in lower case, so that a member finds a run however they type it.
    supplier_key TEXT COLLATE "C" NOT NULL CHECK (length(supplier_key) <= 100),
    -- The one section the run asks about, or NULL for the whole checklist.
    section TEXT CHECK (section IS NULL OR (section <> '' AND length(section) <= 32)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (platform, user_id, supplier_key)
);

-- The answers of a run, one per checklist item.
CREATE TABLE checklist_answers (
    run_id BIGINT NOT NULL REFERENCES checklist_runs (id) ON DELETE CASCADE,
    item_id TEXT COLLATE "C" NOT NULL CHECK (item_id <> '' AND length(item_id) <= 32),
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unknown', 'not-applicable')),
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, item_id)
);
