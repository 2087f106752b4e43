-- Events, stories and their summaries (stages events, stories, summaries).
-- Cluster rows carry their clustering state as JSON (summed term vectors, entity counts)
-- so a later run can resume the online clustering where the last one stopped.
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    first_day INTEGER,                 -- proleptic ordinal of the earliest member date (NULL: undated)
    last_day INTEGER,
    n_articles INTEGER NOT NULL,
    seq INTEGER NOT NULL,              -- clustering step of the last update (recency)
    founded INTEGER NOT NULL,
    state TEXT NOT NULL,               -- JSON: centroid, title vector, entity counts
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_last_day ON events(last_day);
CREATE INDEX IF NOT EXISTS events_seq ON events(seq);

CREATE TABLE IF NOT EXISTS event_members (
    article_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS event_members_event ON event_members(event_id);

-- A merged event (or story) id points at the id that absorbed it.
CREATE TABLE IF NOT EXISTS event_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    first_day INTEGER,
    last_day INTEGER,
    n_articles INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    founded INTEGER NOT NULL,
    state TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_last_day ON stories(last_day);
CREATE INDEX IF NOT EXISTS stories_seq ON stories(seq);

CREATE TABLE IF NOT EXISTS story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);

CREATE TABLE IF NOT EXISTS story_events (
    event_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_events_story ON story_events(story_id);

-- Document frequencies of stems, per clustering level ('events' or 'stories').
CREATE TABLE IF NOT EXISTS cluster_df (
    level TEXT NOT NULL,
    term TEXT NOT NULL,
    df INTEGER NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    PRIMARY KEY (level, term)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS cluster_docs (
    level TEXT PRIMARY KEY,
    n_docs INTEGER NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);

-- Cached event title and extractive summary; a row is stale when n_articles differs from the event's.
CREATE TABLE IF NOT EXISTS summaries (
    event_id TEXT PRIMARY KEY,
    n_articles INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,             -- JSON list of {text, article_id, source}
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
