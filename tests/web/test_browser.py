"""Real-browser tests: Playwright driving Debian's Chromium over a live ``rasd serve`` app on loopback.

Skipped (with the reason) when Playwright or /usr/bin/chromium is missing. Screenshots go to
``artifacts/web/`` (or ``$RASD_TEST_ARTIFACTS``); with ``RASD_UPDATE_DOCS_SCREENSHOT=1`` the story
timeline shot is also written to ``docs/screenshot-timeline.png``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
REPO = Path(__file__).parent.parent.parent
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

pytestmark = pytest.mark.browser


def artifacts() -> Path:
    folder = Path(os.environ.get("RASD_TEST_ARTIFACTS") or REPO / "artifacts" / "web")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright; no browser download needed)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(demo_store: tuple[Path, dict[str, str]]) -> Iterator[str]:
    import uvicorn

    from rasd.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(demo_store[0])), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def open_page(browser: Any, url: str, viewport: dict[str, int] = LAPTOP, **options: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return context, page, problems


def fits_width(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def largest_story(base_url: str) -> str:
    import httpx

    stories = httpx.get(f"{base_url}/api/stories?limit=200").json()["items"]
    return str(max(stories, key=lambda s: (s["n_events"], s["n_articles"]))["id"])


def test_story_timeline(browser: Any, base_url: str) -> None:
    sid = largest_story(base_url)
    context, page, problems = open_page(browser, f"{base_url}/stories/{sid}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    cards = page.locator("li.tl-card")
    assert cards.count() >= 2
    import httpx

    dated = [e for e in httpx.get(f"{base_url}/api/stories/{sid}").json()["events"] if e["date"]]
    assert len(dated) >= 2 and page.locator("svg.axis-chart circle.dot").count() == len(dated)
    assert page.locator("svg.bars rect.bar").count() >= 1
    assert (page.locator("svg.axis-chart text.tick").first.text_content() or "")[:2] == "20"
    shot = artifacts() / "story-timeline.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("RASD_UPDATE_DOCS_SCREENSHOT"):
        shutil.copy(shot, REPO / "docs" / "screenshot-timeline.png")
    page.set_viewport_size(PHONE)
    assert fits_width(page)
    page.screenshot(path=str(artifacts() / "story-timeline-phone.png"), full_page=True)
    assert problems == []
    context.close()


@pytest.mark.parametrize("path,selector,minimum", [
    ("/", "article.story-card", 3), ("/stories", "table.list tbody tr", 5), ("/events", "article.card", 10),
    ("/articles", "li.article-line", 20), ("/entities", "table.list tbody tr", 2), ("/sources", "table.list tbody tr", 5),
    ("/rejections", "main h1", 1), ("/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87", "ol.results li", 2),
])
def test_pages_render_at_laptop_and_phone(browser: Any, base_url: str, path: str, selector: str, minimum: int) -> None:
    context, page, problems = open_page(browser, base_url + path)
    assert page.locator(selector).count() >= minimum
    name = path.strip("/").split("?")[0] or "home"
    page.screenshot(path=str(artifacts() / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert fits_width(page), f"{path} overflows a phone-width screen"
    assert problems == []
    context.close()


def test_event_and_article_pages(browser: Any, base_url: str, ids: dict[str, str]) -> None:
    context, page, problems = open_page(browser, f"{base_url}/articles/{ids['water']}")
    text = page.locator("div.article-text")
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"
    entity = page.locator("a.hl-entity", has_text="فؤاد حسين")
    assert entity.get_attribute("title") == "PERS · pers:fuad-hussein · وزير الخارجية العراقي"
    assert page.locator("div.article-text mark.hl-date").first.get_attribute("title") == "relative · 2023-03-12"
    page.screenshot(path=str(artifacts() / "article.png"), full_page=True)
    entity.click()
    page.wait_for_url("**/entities/pers%3Afuad-hussein")
    assert page.locator("h1").inner_text() == "فؤاد حسين"
    page.screenshot(path=str(artifacts() / "entity.png"), full_page=True)
    page.goto(f"{base_url}/articles/{ids['water']}")
    page.locator("a", has_text="الحدث").first.click()
    assert page.locator("div.outlet-group").count() >= 1
    page.screenshot(path=str(artifacts() / "event.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert fits_width(page)
    assert problems == []
    context.close()


def test_hostile_article_runs_nothing(browser: Any, base_url: str, ids: dict[str, str]) -> None:
    """CSP is bypassed so that only escaping stands between the article and the reader."""
    context, page, problems = open_page(browser, f"{base_url}/articles/{ids['xss']}", bypass_csp=True)
    for target in ("div.article-text", "h1", "a.hl-entity", "bdi", "span.unsafe-url"):
        for element in page.locator(target).all():
            element.hover(timeout=2000)
    page.locator("div.article-text").click()
    for path in (f"/entities/{'%3Cscript%3Ewindow.__pwned%3D%27key%27%3C%2Fscript%3E'}", "/search?q=شيفرة",
                 "/entities", "/articles", "/sources"):
        page.goto(base_url + path)
        page.mouse.move(200, 200)
        assert page.evaluate("window.__pwned") is None, path
    page.goto(f"{base_url}/articles/{ids['xss']}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main script, main img, main [onerror], main [onload], main [onmouseover]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "<script>window.__pwned='script'</script>" in page.locator("div.article-text").inner_text()
    page.screenshot(path=str(artifacts() / "hostile-article.png"), full_page=True)
    assert problems == []
    context.close()
