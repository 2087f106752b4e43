"""The FastAPI application: read-only store pool, templates, security headers, size limit, one error shape."""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasd import __version__
from rasd.errors import RasdError
from rasd.web import charts, spans
from rasd.web.errors import STATUS_CODES, InternalError, error_body, status_of
from rasd.web.pool import StorePool
from rasd.web.present import JINJA_FILTERS, JINJA_GLOBALS

log = logging.getLogger("rasd.web")

#: default request body limit (bytes)
MAX_BODY = 2_000_000
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class Guard:
    """ASGI middleware: security headers on every response, and a request body size limit."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await self._too_large(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, self._bounded(receive), send_with_headers)

    def _bounded(self, receive: Receive) -> Receive:
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise StarletteHTTPException(413, f"Request body larger than {self.max_body} bytes")
            return message

        return bounded

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = error_body(413, STATUS_CODES[413], f"Request body larger than {self.max_body} bytes")
        response = JSONResponse(body, status_code=413, headers={k.decode(): v.decode() for k, v in SECURITY_HEADERS})
        await response(scope, receive, send)


def _templates() -> Jinja2Templates:
    folder = Path(str(files("rasd.web").joinpath("templates")))
    env = Environment(loader=FileSystemLoader(folder), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(JINJA_GLOBALS, highlight=spans.highlight, marked_snippet=spans.marked_snippet,
                       volume_chart=charts.volume_chart, time_axis=charts.time_axis, version=__version__)
    env.filters.update(JINJA_FILTERS)
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "application/json" in request.headers.get("accept", "")


def _error(request: Request, status: int, code: str, message: str, details: list[Any] | None = None) -> Response:
    body = error_body(status, code, message, details)
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"data": body}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    async def rasd_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RasdError)
        return _error(request, status_of(exc), exc.code, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = STATUS_CODES.get(exc.status_code, "R070")
        message = "Not found" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, code, message)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
        return _error(request, 422, STATUS_CODES[422], "Invalid request parameters", details[:20])

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path, exc_info=exc)
        return _error(request, 500, InternalError.code, "Internal server error")

    app.add_exception_handler(RasdError, rasd_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)


def create_app(db: str, allow_writes: bool = False, token: str | None = None, max_body: int = MAX_BODY,
               pool_size: int = 8) -> FastAPI:
    """The web app over the store at ``db`` (opened read-only; writes only via the token-guarded endpoint)."""
    from rasd.web import cache, ingest, routes

    cache.install()
    app = FastAPI(title="rasd", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Read the news as stories: the JSON twin of every rasd web page. "
                  "Errors: {\"error\": {\"code\", \"message\", \"details\"?}, \"status\"}.")
    app.state.pool = StorePool(db, pool_size)
    app.state.db_path, app.state.allow_writes, app.state.write_token = db, allow_writes, token
    app.state.templates = _templates()
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.mount("/static", StaticFiles(directory=str(files("rasd.web").joinpath("static"))), name="static")
    _install_error_handlers(app)
    app.add_middleware(Guard, max_body=max_body)
    return app

