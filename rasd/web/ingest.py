"""``POST /api/articles``: ingest articles through the pipeline. Off unless the server allows writes.

Needs ``Authorization: Bearer <token>`` (the token is compared in constant time). Writes go through a
separate read-write connection, one request at a time.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field

from rasd.web.errors import Unauthorized, WritesDisabled

router = APIRouter()
_WRITE_LOCK = threading.Lock()
MAX_ARTICLES = 100


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=500_000, description="Plain text of the article (or use html)")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=64, description="ISO-8601 publication time")


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


def require_writes(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuse unless writes are enabled and the bearer token matches."""
    token: str | None = request.app.state.write_token
    if not request.app.state.allow_writes or not token:
        raise WritesDisabled("Write endpoints are disabled; start 'rasd serve --allow-writes' with RASD_API_TOKEN set")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Unauthorized("Missing or wrong API token (send 'Authorization: Bearer <token>')")


def ingest_records(db: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the default pipeline over ``records`` into the store at ``db``; outcome per record."""
    from rasd.pipeline import Pipeline
    from rasd.settings import load_settings
    from rasd.sources.readers import RawInput
    from rasd.store import connect

    items = []
    for rec in records:
        raw = RawInput(ref="", kind="record", record=rec)
        raw.ref = f"api:{raw.digest}"
        items.append(raw)
    with _WRITE_LOCK:
        store = connect(db)
        try:
            summary = Pipeline.from_names().run_items(items, store, load_settings({"db": db}))
            results = [_outcome(store.conn, raw.ref) for raw in items]
        finally:
            store.close()
    return {"results": results, "summary": summary.to_dict()}


def _outcome(conn: Any, ref: str) -> dict[str, Any]:
    row = conn.execute("SELECT outcome, article_id FROM inputs WHERE ref = ?", (ref,)).fetchone()
    rejected = conn.execute("SELECT reason, detail FROM rejections WHERE input_ref = ?", (ref,)).fetchone()
    out: dict[str, Any] = {"ref": ref, "outcome": row[0] if row else "unchanged", "article_id": row[1] if row else None}
    if rejected:
        out.update(outcome="rejection", reason=rejected[0], detail=rejected[1])
    return out


@router.post("/api/articles", tags=["write"], status_code=201, dependencies=[Depends(require_writes)],
             summary="Ingest articles (off by default; needs --allow-writes and a bearer token)")
def post_articles(request: Request, payload: IngestIn) -> dict[str, Any]:
    records = [a.model_dump(exclude_none=True) for a in payload.articles]
    return ingest_records(request.app.state.db_path, records)
