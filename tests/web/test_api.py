"""In-process tests of every route (HTML and JSON twin), filters, pagination and the JSON error shape."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.web import views
from rasd.web.app import create_app

ERROR_KEYS = {"error", "status"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body


def first_id(client: TestClient, path: str) -> str:
    return str(client.get(path).json()["items"][0]["id"])


@pytest.mark.parametrize("path", ["/", "/stories", "/events", "/articles", "/entities", "/search?q=المياه",
                                  "/sources", "/rejections"])
def test_list_pages_have_json_twins(client: TestClient, path: str) -> None:
    html = client.get(path)
    api = client.get("/api" if path == "/" else "/api" + path)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert api.status_code == 200 and api.headers["content-type"].startswith("application/json")
    assert '<html lang="ar" dir="rtl">' in html.text


def test_story_page_and_twin_agree(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["items"]
    story = max(stories, key=lambda s: s["n_events"])
    data = client.get(f"/api/stories/{story['id']}").json()
    assert data["n_events"] == story["n_events"] == len(data["events"])
    assert sum(v["articles"] for v in data["volume"]) + data["undated_articles"] == data["n_articles"]
    html = client.get(f"/stories/{story['id']}").text
    assert html.count('class="card tl-card"') == len(data["events"])
    assert html.count('class="dot"') == len([e for e in data["events"] if e["date"]])
    assert 'class="bar"' in html and "<svg" in html
    for event in data["events"]:
        assert f'/events/{event["event_id"]}' in html


def test_event_page_groups_articles_by_outlet(client: TestClient) -> None:
    eid = max(client.get("/api/events?limit=200").json()["items"], key=lambda e: e["n_outlets"])["id"]
    data = client.get(f"/api/events/{eid}").json()
    assert sum(len(g["articles"]) for g in data["by_outlet"]) == data["n_articles"]
    assert len({g["source"] for g in data["by_outlet"]}) == len(data["by_outlet"])
    html = client.get(f"/events/{eid}").text
    for a in data["articles"]:
        assert f"/articles/{a['id']}" in html


def test_article_highlights_entities_dates_quotes(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['water']}").text
    assert '<a class="hl hl-entity" title="PERS · pers:fuad-hussein · وزير الخارجية العراقي"' in html
    assert 'href="/entities/pers%3Afuad-hussein">فؤاد حسين</a>' in html
    assert '<mark class="hl hl-date" title="relative · 2023-03-12">اليوم الأحد</mark>' in html
    assert '<mark class="hl hl-quote" title="وزير الخارجية العراقي · قال">«المياه' in html
    assert '<div class="article-text" lang="ar" dir="rtl">' in html


def test_english_article_is_left_to_right(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['english']}").text
    assert '<div class="article-text" lang="en" dir="ltr">' in html
    assert 'href="https://ledger.example/tigris"' in html


def test_hostile_article_is_escaped(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/articles/{ids['xss']}").text
    body = html[html.index("<main>"):]
    assert "<script" not in body and "<img" not in body and "<svg onload" not in body
    assert "w.__pwned=&#39;script&#39;&lt;/script&gt;" in body
    assert "صورة مكسورة &lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;&#34;&gt;" in body
    assert 'href="javascript:' not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    data = client.get(f"/api/articles/{ids['xss']}").json()
    assert "<script>" in data["text"]  # the JSON twin keeps the data as it is


def test_entity_page_from_annotations(client: TestClient) -> None:
    data = client.get("/api/entities/pers:fuad-hussein").json()
    assert data["canonical"] == "فؤاد حسين" and data["type"] == "PERS"
    assert data["roles"] == {"وزير الخارجية العراقي": 1}
    assert data["per_day"] == [{"date": "2023-03-12", "mentions": 1}]
    assert [q["speaker_key"] for q in data["quotes"]] == ["pers:fuad-hussein"]
    assert len(data["events"]) == 1
    html = client.get("/entities/pers:fuad-hussein").text
    assert "«المياه ملف إنساني" in html and 'class="bar"' in html


def test_hostile_entity_key_round_trips(client: TestClient) -> None:
    key = "%3Cscript%3Ewindow.__pwned%3D%27key%27%3C%2Fscript%3E"
    assert client.get(f"/api/entities/{key}").json()["key"] == "<script>window.__pwned='key'</script>"
    assert "<script>window" not in client.get(f"/entities/{key}").text


def test_search_ignores_hamza_and_marks_hits(client: TestClient) -> None:
    plain = [r["id"] for r in client.get("/api/search", params={"q": "الاطلاقات"}).json()["items"]]
    hamza = [r["id"] for r in client.get("/api/search", params={"q": "الإطلاقات"}).json()["items"]]
    assert plain and plain == hamza
    html = client.get("/search", params={"q": "الإطلاقات"}).text
    assert "<mark>" in html


def test_search_snippet_markup_is_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": "شيفرة"}).text
    results = html[html.index('class="results"'):]
    assert "&lt;script&gt;" in results and "<script>" not in results


def test_events_filters(client: TestClient, ids: dict[str, str]) -> None:
    all_events = client.get("/api/events?limit=200").json()
    assert all_events["total"] == len(all_events["items"])
    since = client.get("/api/events", params={"since": "2023-05-01", "limit": 200}).json()["items"]
    assert since and all((e["last_date"] or "") >= "2023-05-01" for e in since)
    until = client.get("/api/events", params={"until": "2023-04-01", "limit": 200}).json()["items"]
    assert until and all((e["first_date"] or "9") <= "2023-04-01" for e in until)
    assert len(since) + len(until) <= all_events["total"]
    by_entity = client.get("/api/events", params={"entity": "pers:fuad-hussein"}).json()["items"]
    water_event = client.get(f"/api/articles/{ids['water']}").json()["event_id"]
    assert [e["id"] for e in by_entity] == [water_event]
    by_source = client.get("/api/events", params={"source": "Test Ledger"}).json()["items"]
    english_event = client.get(f"/api/articles/{ids['english']}").json()["event_id"]
    assert [e["id"] for e in by_source] == [english_event]


def test_articles_filters_and_pagination(client: TestClient) -> None:
    everything = client.get("/api/articles?limit=200").json()
    assert everything["total"] == len(everything["items"]) == 42
    page1 = client.get("/api/articles?limit=5").json()
    page2 = client.get("/api/articles?limit=5&offset=5").json()
    assert page1["next_offset"] == 5 and page2["prev_offset"] == 0
    assert [a["id"] for a in page1["items"] + page2["items"]] == [a["id"] for a in everything["items"][:10]]
    english = client.get("/api/articles?lang=en&limit=200").json()["items"]
    assert english and all(a["lang"] == "en" for a in english)
    ranged = client.get("/api/articles", params={"since": "2023-05-01", "until": "2023-05-31"}).json()["items"]
    assert ranged and all("2023-05-01" <= a["published"][:10] <= "2023-05-31" for a in ranged)
    story = everything["items"][0]["story_id"]
    in_story = client.get("/api/articles", params={"story": story}).json()["items"]
    assert in_story and all(a["story_id"] == story for a in in_story)


def test_sources_and_rejections(client: TestClient) -> None:
    sources = client.get("/api/sources").json()
    assert sum(s["articles"] for s in sources["items"]) == sources["stats"]["articles"]
    rejections = client.get("/api/rejections").json()
    assert rejections["total"] == sources["stats"]["rejections"] == len(rejections["items"])


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api", "/api/stories", "/api/stories/{story_id}", "/api/events", "/api/events/{event_id}",
                 "/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/entities/{key}",
                 "/api/search", "/api/sources", "/api/rejections"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/articles"]
    assert not any(not p.startswith("/api") for p in paths)


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/stories/st-nope", "/api/events/ev-nope", "/api/articles/ffffffffffff",
                                  "/api/entities/nobody", "/api/no-such-route"])
def test_not_found_shape(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "R040")


def test_html_errors_are_pages(client: TestClient) -> None:
    response = client.get("/stories/st-nope")
    assert response.status_code == 404 and "R040" in response.text
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("query", ["limit=0", "limit=999", "offset=-1", "lang=ARABIC", "since=2023-13-45",
                                   "until=yesterday"])
def test_invalid_parameters_shape(client: TestClient, query: str) -> None:
    body = assert_error(client.get(f"/api/events?{query}"), 422, "R071")
    assert query.split("=")[0] in str(body["error"])


def test_wrong_method_shape(client: TestClient) -> None:
    assert_error(client.put("/api/stories"), 405, "R075")


def test_internal_error_shape(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: sqlite3.Connection) -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "sources", broken)
    body = assert_error(client.get("/api/sources"), 500, "R079")
    assert "boom" not in body["error"]["message"]


def test_store_connections_are_read_only(client: TestClient) -> None:
    pool = client.app.state.pool  # type: ignore[attr-defined]
    with pool.connection() as conn, pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")


# -- the ingest endpoint -------------------------------------------------------------------------
NEW_ARTICLE = {"articles": [{"title": "خبر جديد عن سد الموصل", "source": "اختبار",
                             "text": "أعلنت وزارة الموارد المائية اليوم الثلاثاء بدء أعمال صيانة جديدة في سد الموصل "
                                     "بعد تقارير عن تسرب في الأساسات.\nوقال مدير السد إن الأعمال ستستمر ستة أشهر.",
                             "published": "2023-08-01T08:00:00+03:00"}]}


def test_ingest_is_off_by_default(client: TestClient) -> None:
    assert_error(client.post("/api/articles", json=NEW_ARTICLE), 403, "R072")


def test_ingest_needs_the_token(writable_copy: Path) -> None:
    with TestClient(create_app(str(writable_copy), allow_writes=True, token="s3cret-token-0123456789")) as c:
        assert_error(c.post("/api/articles", json=NEW_ARTICLE), 401, "R073")
        assert_error(c.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": "Bearer wrong"}), 401, "R073")
        good = {"Authorization": "Bearer s3cret-token-0123456789"}
        assert_error(c.post("/api/articles", json={"articles": []}, headers=good), 422, "R071")
        response = c.post("/api/articles", json=NEW_ARTICLE, headers=good)
        assert response.status_code == 201
        result = response.json()["results"][0]
        assert result["outcome"] == "article"
        assert c.get(f"/api/articles/{result['article_id']}").json()["title"] == "خبر جديد عن سد الموصل"


def test_request_size_limit(writable_copy: Path) -> None:
    app = create_app(str(writable_copy), allow_writes=True, token="s3cret-token-0123456789", max_body=1000)
    with TestClient(app) as c:
        big = {"articles": [{"text": "نص " * 2000}]}
        assert_error(c.post("/api/articles", json=big, headers={"Authorization": "Bearer x"}), 413, "R074")
