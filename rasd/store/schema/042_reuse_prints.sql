-- Passage fingerprints, one row per article (issue 8's store scaling): every fingerprint used to be a
-- row of reuse_spans, a random-key insert into its primary key and its article index, and the pages those
-- inserts dirtied made the bytes written per article grow with the store (docs/benchmarks.md). Now each
-- article's fingerprints and char spans are one row of JSON arrays in text order, appended in rowid order,
-- and reuse_spans keeps only the spans of passages carried by two articles or more (the rows the reuse
-- queries read: which articles share a passage, and where).
CREATE TABLE IF NOT EXISTS reuse_prints (
    article_id TEXT NOT NULL UNIQUE,
    hashes TEXT NOT NULL,              -- JSON array of 64-bit fingerprints, in text order
    starts TEXT NOT NULL,              -- JSON array of char starts
    ends TEXT NOT NULL,                -- JSON array of char ends
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL
);

-- Existing stores: fold their span rows into reuse_prints (the order inside a row is not relied on), then drop
-- the spans of passages with a single carrier.
INSERT OR IGNORE INTO reuse_prints (article_id, hashes, starts, ends, stage, stage_version)
SELECT s.article_id, json_group_array(s.hash), json_group_array(s.start), json_group_array(s."end"),
       min(s.stage), min(s.stage_version)
FROM (SELECT r.*, coalesce(d.seq, 0) AS seq FROM reuse_spans r LEFT JOIN reuse_docs d ON d.article_id = r.article_id
      ORDER BY r.article_id, r.start) AS s
GROUP BY s.article_id
ORDER BY min(s.seq);

DELETE FROM reuse_spans WHERE hash NOT IN (SELECT hash FROM reuse_passages WHERE carriers > 1);
