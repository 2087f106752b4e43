-- Cross-document entities (stage "entities"): canonical name, type, spelling variants,
-- roles and the reasons each variant was merged; one row per linked mention.
CREATE TABLE IF NOT EXISTS entities (
    key TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    type TEXT NOT NULL,
    tokens TEXT NOT NULL DEFAULT '[]',        -- JSON list of normalised tokens of the longest name
    variants TEXT NOT NULL DEFAULT '{}',      -- JSON {surface: count}
    roles TEXT NOT NULL DEFAULT '{}',         -- JSON {role: count}
    explanations TEXT NOT NULL DEFAULT '[]',  -- JSON list of "variant -> canonical: why"
    mention_count INTEGER NOT NULL DEFAULT 0,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_canonical ON entities(canonical);

CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    role TEXT,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    PRIMARY KEY (article_id, start, end)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_mentions_key ON entity_mentions(entity_key);
