-- Which stage (name and version) has processed which article: drives the backfill of new or upgraded stages.
CREATE TABLE IF NOT EXISTS processed (
    article_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (article_id, stage, version)
) WITHOUT ROWID;

INSERT OR IGNORE INTO processed (article_id, stage, version)
    SELECT DISTINCT article_id, substr(stage, 6), stage_version FROM annotations WHERE stage LIKE 'rasd.%';
