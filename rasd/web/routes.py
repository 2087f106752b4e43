"""Routes: every page is registered twice from one view, as HTML and as JSON under ``/api``."""

# no "from __future__ import annotations": FastAPI must see the real annotations of the closures below

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rasd.web import entity_views, views
from rasd.web.errors import InvalidRequest

View = Callable[..., dict[str, Any]]
router = APIRouter()

_ID = Path(min_length=1, max_length=200)
_LANG = r"^[a-z]{2,5}$"


def get_conn(request: Request) -> Iterator[sqlite3.Connection]:
    with request.app.state.pool.connection() as conn:
        yield conn


Conn = Annotated[sqlite3.Connection, Depends(get_conn)]


def _iso(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InvalidRequest(f"Parameter '{name}' must be an ISO date (YYYY-MM-DD), got {value[:40]!r}") from None


def filters(
    since: Annotated[str | None, Query(max_length=40, description="Only items on or after this ISO date")] = None,
    until: Annotated[str | None, Query(max_length=40, description="Only items on or before this ISO date")] = None,
    source: Annotated[str | None, Query(max_length=300, description="Only this outlet")] = None,
    entity: Annotated[str | None, Query(max_length=300, description="Only items mentioning this entity key")] = None,
    lang: Annotated[str | None, Query(pattern=_LANG, description="Only this language (ar, en, other)")] = None,
    story: Annotated[str | None, Query(max_length=200, description="Only this story")] = None,
) -> views.Filters:
    return views.Filters(_iso(since, "since"), _iso(until, "until"), source or None, entity or None, lang, story)


def page(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip")] = 0,
) -> views.Page:
    return views.Page(limit, offset)


Filters = Annotated[views.Filters, Depends(filters)]
Paging = Annotated[views.Page, Depends(page)]


# -- data views (each is the JSON route and the HTML route's dependency) ---------------------------
def home_data(conn: Conn) -> dict[str, Any]:
    return views.home(conn)


def stories_data(conn: Conn, f: Filters, p: Paging) -> dict[str, Any]:
    return views.stories(conn, f, p)


def story_data(conn: Conn, story_id: Annotated[str, _ID]) -> dict[str, Any]:
    return views.story(conn, story_id)


def events_data(conn: Conn, f: Filters, p: Paging) -> dict[str, Any]:
    return views.events(conn, f, p)


def event_data(conn: Conn, event_id: Annotated[str, _ID]) -> dict[str, Any]:
    return views.event(conn, event_id)


def articles_data(conn: Conn, f: Filters, p: Paging) -> dict[str, Any]:
    return views.articles(conn, f, p)


def article_data(conn: Conn, article_id: Annotated[str, _ID]) -> dict[str, Any]:
    return views.article(conn, article_id)


def entities_data(conn: Conn, p: Paging, q: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    return entity_views.entities(conn, q, p)


def entity_data(conn: Conn, key: Annotated[str, _ID]) -> dict[str, Any]:
    return entity_views.entity(conn, key)


def search_data(conn: Conn, p: Paging, q: Annotated[str, Query(max_length=500)] = "") -> dict[str, Any]:
    return views.search(conn, q, p)


def sources_data(conn: Conn) -> dict[str, Any]:
    return views.sources(conn)


def rejections_data(conn: Conn, p: Paging,
                    reason: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
    return views.rejections(conn, reason or None, p)


def twin(html_path: str, api_path: str, template: str, view: View, summary: str) -> None:
    """Register ``view`` as JSON at ``api_path`` and rendered with ``template`` at ``html_path``."""
    router.add_api_route(api_path, view, methods=["GET"], summary=summary, tags=["read"],
                         response_model=None)

    def html(request: Request, data: Annotated[dict[str, Any], Depends(view)]) -> HTMLResponse:
        templates: Jinja2Templates = request.app.state.templates
        response: HTMLResponse = templates.TemplateResponse(request, template,
                                                            {"data": data, "api_path": request.url.path})
        return response

    router.add_api_route(html_path, html, methods=["GET"], include_in_schema=False, response_class=HTMLResponse,
                         name=f"html_{template.removesuffix('.html')}")


PAGES: list[tuple[str, str, View, str]] = [
    ("/", "home.html", home_data, "Latest stories and events, store counts"),
    ("/stories", "stories.html", stories_data, "Stories, newest first (filters: since, until)"),
    ("/stories/{story_id}", "story.html", story_data, "A story's timeline and article volume per day"),
    ("/events", "events.html", events_data, "Events, newest first (filters: date range, source, entity, lang, story)"),
    ("/events/{event_id}", "event.html", event_data, "An event: summary, articles by outlet, quotes, entities"),
    ("/articles", "articles.html", articles_data, "Articles (filters: date range, source, entity, lang, story)"),
    ("/articles/{article_id}", "article.html", article_data, "One article with every annotation"),
    ("/entities", "entities.html", entities_data, "Entities by mentions (q: name contains)"),
    ("/entities/{key:path}", "entity.html", entity_data, "One entity: variants, roles, mentions per day, quotes, events"),
    ("/search", "search.html", search_data, "Full-text search with Arabic normalisation"),
    ("/sources", "sources.html", sources_data, "Articles per outlet"),
    ("/rejections", "rejections.html", rejections_data, "Rejected inputs with their reasons"),
]

for _path, _template, _view, _summary in PAGES:
    twin(_path, "/api" if _path == "/" else "/api" + _path, _template, _view, _summary)
