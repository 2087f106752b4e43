"""Errors of the web layer and the one JSON error shape every API error uses.

Shape: ``{"error": {"code": "R040", "message": "...", "details": [...]}, "status": 404}``
(``details`` only for request validation errors, one item per bad field).
"""

from __future__ import annotations

from typing import Any

from rasd.errors import (  # re-exported: the web layer's errors live in rasd.errors
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RasdError,
    Unauthorized,
    WebError,
    WritesDisabled,
)

__all__ = ["STATUS_CODES", "InternalError", "InvalidRequest", "MethodNotAllowed", "NotFound", "PayloadTooLarge",
           "RasdError", "Unauthorized", "WebError", "WritesDisabled", "error_body", "status_of"]

#: HTTP status -> code for errors raised by the framework itself (unknown route, wrong method, ...)
STATUS_CODES: dict[int, str] = {404: NotFound.code, 405: MethodNotAllowed.code, 413: PayloadTooLarge.code,
                                401: Unauthorized.code, 403: WritesDisabled.code, 422: InvalidRequest.code}


def status_of(exc: RasdError) -> int:
    """HTTP status of a rasd error: 404 for NotFound, the web error's own status, else 400."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, WebError):
        return exc.status
    return 400 if exc.exit_code == 2 else 500


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error, "status": status}
