"""rasd's web UI and JSON API (``rasd serve``): HTML pages and their JSON twins from the same views."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from rasd.web.app import create_app

        return create_app
    raise AttributeError(name)
