"""SQLite store: WAL, batched transactions, versioned migrations, FTS5 over normalised text."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasd.errors import SchemaError, StoreError
from rasd.model import Article, Rejection
from rasd.store.search import index_form, search_form

#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder per call (3 calls per article)
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every schema file shipped in rasd/store/schema, in order."""
    found = []
    for entry in files("rasd.store").joinpath("schema").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore:
    """The embedded store. One writer at a time; readers never block it (WAL)."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if read_only:
                if path != ":memory:" and not Path(path).exists():
                    raise StoreError(f"No store at {path}; run 'rasd run' first")
                # autocommit: a failed write attempt must not leave an implicit BEGIN open, which would pin
                # the connection to one snapshot (stale reads) and keep WAL checkpoints from completing
                self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open store {path}: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        self.conn.create_function("rasd_search_form", 1, search_form, deterministic=True)
        self.conn.execute("PRAGMA busy_timeout = 10000")
        if not read_only:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # 64 MB page cache (default 2 MB): the id, input and annotation indexes take keys in random order
            self.conn.execute("PRAGMA cache_size = -65536")
            self.migrate()

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply schema files not applied yet; returns their names."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        applied = []
        for version, name, sql in migrations():
            if version in done:
                continue
            try:
                self.conn.execute("BEGIN")
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now_iso()))
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise SchemaError(f"Migration {name} failed: {exc}") from None
            applied.append(name)
        return applied

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self.conn.close()

    # -- transactions ---------------------------------------------------------------------
    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- ingest bookkeeping ---------------------------------------------------------------
    def known_digests(self) -> set[str]:
        """Digests of every input already accounted for (same bytes = nothing new to do)."""
        return {r[0] for r in self.conn.execute("SELECT digest FROM inputs")}

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        chunk: list[str] = []
        for i in ids:
            chunk.append(i)
            if len(chunk) == 500:
                out |= self._ids_in(chunk)
                chunk = []
        return out | (self._ids_in(chunk) if chunk else set())

    def _ids_in(self, ids: Sequence[str]) -> set[str]:
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", list(ids))}

    def latest_for_urls(self, urls: Iterable[str]) -> dict[str, str]:
        """url -> id of the latest stored article with that URL, for the URLs that have one."""
        wanted = sorted(set(urls))
        out: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for url, aid, _ in self.conn.execute(
                f"SELECT url, id, max(ingest_seq) FROM articles WHERE url IN ({marks}) GROUP BY url", chunk
            ):
                out[url] = aid
        return out

    def next_seq(self) -> int:
        """The next article's ingest sequence number, which is also its rowid (a primary-key lookup)."""
        row = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()
        return int(row[0]) + 1

    def start_run(self, stages: list[str]) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (started_at, stages) VALUES (?, ?)", (now_iso(), json.dumps(stages))
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (now_iso(), json.dumps(summary, ensure_ascii=False), run_id),
        )

    # -- writes (call inside begin/commit) ------------------------------------------------
    def add_articles(self, articles: Sequence[Article], seq_start: int) -> None:
        """Store articles as rows ``seq_start``, ``seq_start + 1``, … (rowid = ingest_seq) and index them."""
        rows = [
            (seq_start + i, a.id, a.url, a.source, a.title, a.published, a.lang, a.text, a.input_ref,
             a.meta.get("revision_of"), a.fetched_at, _to_json(a.meta), seq_start + i)
            for i, a in enumerate(articles)
        ]
        self.conn.executemany(
            "INSERT INTO articles (rowid, id, url, source, title, published, lang, text, input_ref, revision_of,"
            " fetched_at, meta, ingest_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            [(seq_start + i, *(a.search or _search_forms(a))) for i, a in enumerate(articles)],
        )
        stamp = now_iso()
        first_urls: dict[str, str | None] = {}  # each source once per batch, with its first article's URL
        for a in articles:
            if a.source and a.source not in first_urls:
                first_urls[a.source] = a.url
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources (name, domain, first_seen) VALUES (?, ?, ?)",
            [(name, _domain(url), stamp) for name, url in first_urls.items()],
        )

    def add_annotations(self, stage: str, version: int, rows: Iterable[tuple[str, str, Any]]) -> None:
        """(article_id, key, value) rows; a re-run of a stage replaces its earlier values."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO annotations (article_id, key, stage, stage_version, value) VALUES (?,?,?,?,?)",
            [(aid, key, stage, version, _to_json(value)) for aid, key, value in rows],
        )

    def mark_processed(self, stage: str, version: int, article_ids: Iterable[str]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO processed (article_id, stage, version) VALUES (?, ?, ?)",
            [(aid, stage, version) for aid in article_ids],
        )

    def unprocessed(self, stage: str, version: int, limit: int) -> list[str]:
        """Ids of stored articles (in ingest order) that this stage version has not processed."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM processed p WHERE p.article_id = a.id"
            " AND p.stage = ? AND p.version = ?) ORDER BY a.rowid LIMIT ?",
            (stage, version, limit),
        )
        return [r[0] for r in rows]

    def load_articles(self, ids: Sequence[str]) -> list[Article]:
        """Stored articles with all their annotations, in the order of ``ids``."""
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", list(ids))}
        notes: dict[str, dict[str, Any]] = {i: {} for i in ids}
        for aid, key, value in self.conn.execute(
            f"SELECT article_id, key, value FROM annotations WHERE article_id IN ({marks})", list(ids)
        ):
            notes[aid][key] = json.loads(value)
        out = []
        for aid in ids:
            r = rows[aid]
            out.append(Article(id=aid, text=r["text"], title=r["title"], url=r["url"], source=r["source"],
                               published=r["published"], lang=r["lang"], fetched_at=r["fetched_at"],
                               input_ref=r["input_ref"], meta=json.loads(r["meta"]), annotations=notes[aid]))
        return out

    def add_rejections(self, rejections: Sequence[Rejection], run_id: int) -> None:
        stamp = now_iso()
        self.conn.executemany(
            "INSERT OR REPLACE INTO rejections (input_ref, reason, detail, run_id, created_at) VALUES (?,?,?,?,?)",
            [(r.input_ref, r.reason, r.detail[:1000], run_id, stamp) for r in rejections],
        )

    def mark_inputs(self, rows: Iterable[tuple[str, str, str, str | None]], run_id: int) -> None:
        """(ref, digest, outcome, article_id) rows."""
        stamp = now_iso()
        self.conn.executemany(
            "INSERT OR REPLACE INTO inputs (ref, digest, outcome, article_id, run_id, seen_at) VALUES (?,?,?,?,?,?)",
            [(ref, dig, out, aid, run_id, stamp) for ref, dig, out, aid in rows],
        )


def _search_forms(article: Article) -> tuple[str, str]:
    """The indexed forms of title and text of an article that came without them (built by hand, or loaded)."""
    return search_form(article.title or ""), index_form(article.normalised())


def _domain(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def _statements(sql: str) -> list[str]:
    """Split a schema file into complete statements (sqlite3.complete_statement knows comments/literals)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise SchemaError(f"Incomplete statement at the end of a schema file: {buf.strip()[:80]!r}")
    return out
