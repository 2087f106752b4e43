-- Core tables: inputs, sources, articles (with revisions), rejections, stage annotations, runs, search.
CREATE TABLE IF NOT EXISTS inputs (
    ref TEXT PRIMARY KEY,              -- path, path#line, path#item, URL
    digest TEXT NOT NULL,              -- hash of the raw bytes; a changed input is processed again
    outcome TEXT NOT NULL,             -- 'article' | 'rejection' | 'duplicate'
    article_id TEXT,
    run_id INTEGER,
    seen_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,
    domain TEXT,
    first_seen TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT,
    title TEXT,
    published TEXT,
    lang TEXT,
    text TEXT NOT NULL,
    input_ref TEXT,
    revision_of TEXT,
    fetched_at TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    ingest_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS rejections (
    id INTEGER PRIMARY KEY,
    input_ref TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    run_id INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS annotations (
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    stages TEXT NOT NULL DEFAULT '[]',
    summary TEXT NOT NULL DEFAULT '{}'
);

-- Full-text search over rasd's own normalised text (unicode61 does not strip Arabic harakat).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
