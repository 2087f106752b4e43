-- Near-duplicates and passage reuse (stage reuse). The reuse stage's index is rebuilt from these
-- tables at load, so a later run compares new articles with the stored signatures only.

-- Parameters the stored signatures and band keys depend on (num_perm, shingle_size, seed, bands, rows).
CREATE TABLE IF NOT EXISTS reuse_params (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);

-- Every article the reuse stage has seen, in processing order.
CREATE TABLE IF NOT EXISTS reuse_docs (
    article_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,              -- processing order (ties on publication time go to the lower seq)
    published TEXT,
    url TEXT,
    source TEXT,
    n_shingles INTEGER NOT NULL,
    signature BLOB,                    -- little-endian uint32 x num_perm; NULL when too short to judge
    bands BLOB,                        -- little-endian int64 x bands (LSH band keys)
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS reuse_docs_seq ON reuse_docs(seq);

-- Links found when an article was processed: kind 'duplicate' (verified near-duplicate) or 'revision'.
CREATE TABLE IF NOT EXISTS reuse_links (
    article_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    jaccard REAL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    PRIMARY KEY (article_id, other_id, kind)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_links_other ON reuse_links(other_id);

-- One row per passage fingerprint: its earliest carrier and how many articles carry it.
CREATE TABLE IF NOT EXISTS reuse_passages (
    hash INTEGER PRIMARY KEY,
    first_article TEXT NOT NULL,
    carriers INTEGER NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);

-- Every (article, char span) carrying a passage fingerprint.
CREATE TABLE IF NOT EXISTS reuse_spans (
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    PRIMARY KEY (hash, article_id, start)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_spans_article ON reuse_spans(article_id);
