"""Security: URL fetching refuses non-public addresses (directly, via redirects and via DNS answers), bounds
size and time; SQL is parameterised; nothing in rasd/ evaluates, unpickles or shells out on input.

No test sends traffic to a private range: the refused hops are refused by ``check_url_allowed`` before any
connection, and the only server these tests talk to listens on 127.0.0.1 (reached as an HTTP proxy when
the fetched host must look public).
"""

from __future__ import annotations

import ast
import functools
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from rasd.errors import FetchRefused
from rasd.model import Rejection
from rasd.settings import load_settings
from rasd.sources.fetch import check_url_allowed, fetch, fetch_inputs

RASD = Path(__file__).parents[2] / "rasd"
PUBLIC_IP = "93.184.216.34"
Handler = Callable[[BaseHTTPRequestHandler], None]


def _settings(**overrides: Any) -> Any:
    base = {"workers": 1, "fetch_timeout": 2.0, "max_input_bytes": 1_000_000}
    return load_settings({**base, **overrides}, config_file=Path("/nonexistent/rasd.toml"), environ={})


class _Server:
    """A threaded HTTP server on 127.0.0.1 whose GET handler is a function; records every request path."""

    def __init__(self, handle: Handler) -> None:
        seen: list[str] = []
        self.seen = seen

        class _H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], _Server]]:
    servers: list[_Server] = []

    def start(handle: Handler) -> _Server:
        servers.append(_Server(handle))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Hostnames -> addresses answered by a patched ``socket.getaddrinfo`` (others resolve as usual)."""
    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port or 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


# -- address checks ---------------------------------------------------------------------------------
REFUSED = [
    "http://127.0.0.1/", "http://localhost/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://[::1]/", "http://[::]/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/", "http://224.0.0.1/", "http://100.64.0.1/", "http://2130706433/",
    "http://0x7f.1/", "http://127.1/", "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/",
    "file:///etc/passwd", "ftp://example.com/", "gopher://x/", "http:///nohost", "javascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_loopback_link_local_and_mapped_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        check_url_allowed(url, allow_private=False)


def test_regression_nat64_and_6to4_embedded_private_addresses() -> None:
    """64:ff9b::a00:1 (NAT64 of 10.0.0.1) and 2002:a00:1:: (6to4 of 10.0.0.1) passed as global before."""
    for url in ("http://[64:ff9b::a00:1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:a9fe:a9fe::]/"):
        with pytest.raises(FetchRefused):
            check_url_allowed(url)
    check_url_allowed(f"http://[64:ff9b::{0x5db8:x}:{0xd822:x}]/")  # NAT64 of a public address is fine


def test_public_address_is_allowed() -> None:
    check_url_allowed(f"http://{PUBLIC_IP}/")
    check_url_allowed(f"https://[::ffff:{PUBLIC_IP}]/")


@pytest.mark.parametrize("answer", ["10.1.2.3", "127.0.0.1", "169.254.169.254", "::1", "::ffff:192.168.0.9",
                                    "fe80::abcd"])
def test_dns_answers_to_private_addresses_are_refused(fake_dns: dict[str, str], answer: str) -> None:
    fake_dns["news.example"] = answer
    with pytest.raises(FetchRefused, match="non-public"):
        check_url_allowed("https://news.example/feed.xml")
    check_url_allowed("https://news.example/feed.xml", allow_private=True)


def test_dns_answer_with_one_private_address_among_public_ones_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_IP, 80)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.9.9", 80))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchRefused):
        check_url_allowed("http://mixed.example/")


def test_loopback_server_is_refused_by_default_without_any_request(serve: Callable[[Handler], _Server]) -> None:
    server = serve(lambda h: _send(h, 200, b"secret"))
    (item,) = list(fetch_inputs(server.url + "/admin", _settings()))
    assert isinstance(item, Rejection) and item.reason == "forbidden"
    assert server.seen == []


# -- redirects -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                                    "http://[::ffff:127.0.0.1]:8080/", "http://internal.example/admin",
                                    "file:///etc/passwd"])
def test_redirect_to_private_address_is_refused_before_connecting(
    serve: Callable[[Handler], _Server], fake_dns: dict[str, str], target: str
) -> None:
    """news.example looks public (patched DNS) and is reached through a local proxy; its redirect is refused.

    The request goes to the checked address, with the host name in the Host header (DNS pinning).
    """
    fake_dns["news.example"] = PUBLIC_IP
    fake_dns["internal.example"] = "10.20.30.40"
    hosts: list[str] = []

    def redirect(h: BaseHTTPRequestHandler) -> None:
        hosts.append(h.headers["Host"])
        _send(h, 302, headers={"Location": target})

    proxy = serve(redirect)
    with httpx.Client(proxy=proxy.url, timeout=2.0) as client, pytest.raises(FetchRefused):
        fetch("http://news.example/story", _settings(), client)
    assert proxy.seen == [f"http://{PUBLIC_IP}/story"]  # the redirect target was never requested
    assert hosts == ["news.example"]


def test_redirect_between_public_hosts_is_followed(serve: Callable[[Handler], _Server], fake_dns: dict[str, str]) -> None:
    fake_dns["news.example"] = PUBLIC_IP
    fake_dns["cdn.example"] = PUBLIC_IP

    def handle(h: BaseHTTPRequestHandler) -> None:
        if h.headers["Host"] == "news.example":
            _send(h, 301, headers={"Location": "http://cdn.example/final"})
        else:
            _send(h, 200, "<html><body>تم</body></html>".encode(), {"Content-Type": "text/html"})

    proxy = serve(handle)
    with httpx.Client(proxy=proxy.url, timeout=2.0) as client:
        final, body, _ = fetch("http://news.example/story", _settings(), client)
    assert final == "http://cdn.example/final" and "تم".encode() in body


def test_redirect_loop_is_bounded(serve: Callable[[Handler], _Server]) -> None:
    server = serve(lambda h: _send(h, 302, headers={"Location": h.path + "x"}))
    with pytest.raises(FetchRefused, match="redirects"):
        fetch(server.url + "/a", _settings(allow_private=True))
    assert len(server.seen) == 6


# -- size and time limits --------------------------------------------------------------------------------
def test_response_larger_than_the_cap_is_refused(serve: Callable[[Handler], _Server]) -> None:
    server = serve(lambda h: _send(h, 200, b"a" * 3_000_000, {"Content-Type": "text/plain"}))
    with pytest.raises(FetchRefused, match="larger than"):
        fetch(server.url + "/big", _settings(allow_private=True))
    (item,) = list(fetch_inputs(server.url + "/big", _settings(allow_private=True)))
    assert isinstance(item, Rejection) and item.reason == "fetch_failed"


def test_slow_server_times_out(serve: Callable[[Handler], _Server]) -> None:
    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(4)
        _send(h, 200, b"late")

    server = serve(slow)
    start = time.monotonic()
    (item,) = list(fetch_inputs(server.url + "/slow", _settings(allow_private=True, fetch_timeout=0.5)))
    assert isinstance(item, Rejection) and item.reason == "fetch_failed"
    assert time.monotonic() - start < 3.5


def test_regression_trickling_server_cannot_hold_a_fetch(serve: Callable[[Handler], _Server]) -> None:
    """A server sending one byte every 0.2 s never trips httpx's per-read timeout; the total deadline does."""
    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        try:
            for _ in range(60):
                h.wfile.write(b"a")
                h.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    server = serve(trickle)
    start = time.monotonic()
    with pytest.raises(FetchRefused, match="longer than"):
        fetch(server.url + "/trickle", _settings(allow_private=True, fetch_timeout=1.0))
    assert time.monotonic() - start < 4


# -- code hygiene ---------------------------------------------------------------------------------------
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|CREATE|DROP|PRAGMA|VALUES|FROM|JOIN|ORDER BY)\b")
#: What an f-string SQL statement may interpolate: placeholder lists, fixed column lists, table names from code.
ALLOWED_SQL_PARTS = {"marks", "cols", "select", "t.clusters", "t.members", "t.member_col"}


def _modules() -> Iterator[tuple[Path, ast.AST]]:
    yield from _parsed()


@functools.cache
def _parsed() -> tuple[tuple[Path, ast.AST], ...]:
    """Every rasd module parsed once for the hygiene tests."""
    return tuple((path, _parse(path.read_text(encoding="utf-8"))) for path in sorted(RASD.rglob("*.py")))


def _parse(source: str) -> ast.AST:
    try:
        return ast.parse(source)
    except SystemError:  # CPython 3.11 before 3.11.8, with other threads running (gh-106905): a spurious
        return ast.parse(source)  # "AST constructor recursion depth mismatch"; parsing again succeeds


def test_sql_f_strings_interpolate_only_placeholders_and_identifiers() -> None:
    bad = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if SQL.search(text):
                    parts = {ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)}
                    bad += [f"{path}:{node.lineno} {{{p}}}" for p in parts - ALLOWED_SQL_PARTS]
    assert not bad, "SQL built from values (use ? placeholders):\n" + "\n".join(bad)


def test_whitelisted_sql_parts_are_built_from_constants() -> None:
    """``marks`` is always a join of '?'; ``cols``/``select`` are string constants; Tables hold literals."""
    bad = []
    for path, tree in _modules():
        if not any(_is_sql_fstring(n) for n in ast.walk(tree)):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in {"marks", "cols", "select"}
                                                    for t in node.targets):
                src = ast.unparse(node.value)
                name = next(t.id for t in node.targets if isinstance(t, ast.Name))
                ok = ('"?"' in src or "'?'" in src) if name == "marks" else _constant_strings(node.value)
                if not ok:
                    bad.append(f"{path}:{node.lineno} {name} = {src}")
            tables = isinstance(node, ast.Call) and ast.unparse(node.func) == "Tables"
            if tables and not all(isinstance(a, ast.Constant) for a in node.args):  # type: ignore[attr-defined]
                bad.append(f"{path}:{node.lineno} {ast.unparse(node)}")
    assert not bad, "\n".join(bad)


def _is_sql_fstring(node: ast.AST) -> bool:
    if not isinstance(node, ast.JoinedStr):
        return False
    return bool(SQL.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))))


def _constant_strings(node: ast.AST) -> bool:
    """A string constant, or a conditional/concatenation of string constants."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _constant_strings(node.body) and _constant_strings(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_strings(node.left) and _constant_strings(node.right)
    return False


FORBIDDEN_CALLS = {"eval", "exec", "compile", "os.system", "os.popen", "pickle.loads", "pickle.load",
                   "marshal.loads", "yaml.load", "yaml.unsafe_load", "subprocess.getoutput", "__import__"}


def test_no_eval_exec_pickle_or_shell_anywhere_in_rasd() -> None:
    bad = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in FORBIDDEN_CALLS:
                    bad.append(f"{path}:{node.lineno} {name}()")
                if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                       for k in node.keywords):
                    bad.append(f"{path}:{node.lineno} shell=")
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
                bad += [f"{path}:{node.lineno} import {m}" for m in mods if m in {"pickle", "marshal", "shelve"}]
    assert not bad, "\n".join(bad)


def test_feed_xml_parsing_does_not_resolve_external_entities(tmp_path: Path) -> None:
    from rasd.sources.feeds import read_feed

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>c</title><item><title>t &x;</title>'
           "<description>d &x;</description><link>https://n.example/1</link></item></channel></rss>")
    for item in read_feed(doc.encode(), "feed"):
        assert "TOP-SECRET" not in repr(item)


def _audit_report() -> Any:
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "audit_report.py"
    spec = importlib.util.spec_from_file_location("audit_report", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dependency_audit_fails_on_a_known_vulnerability() -> None:
    summarise = _audit_report().summarise
    clean = {"dependencies": [{"name": "a", "version": "1", "vulns": []}]}
    bad = {"dependencies": [{"name": "a", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2"]}]},
                            {"name": "b", "version": "2", "skip_reason": "not found"}]}
    assert summarise(clean, 0)[0] == 0
    code, lines = summarise(bad, 1)
    assert code == 1 and "a 1: PYSEC-1" in lines[1] and "1 not auditable" in lines[0]
    assert summarise({}, 1)[0] == 2  # no report is a failure, not a pass
    unknown = {"dependencies": [{"name": "a", "version": "1", "skip_reason": "not found"}]}
    assert summarise(unknown, 0)[0] == 0 and "nothing was checked" in summarise(unknown, 0)[1][-1]


def test_regression_dns_rebinding_connects_to_the_checked_address(fake_dns: dict[str, str]) -> None:
    """The address that passed the check is the one connected to: a second DNS answer is never asked for."""
    fake_dns["rebind.example"] = PUBLIC_IP
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        fake_dns["rebind.example"] = "127.0.0.1"  # the DNS server now answers with loopback
        if len(seen) == 1:
            return httpx.Response(302, headers={"Location": "/next"})
        return httpx.Response(200, content=b"<rss/>", headers={"content-type": "application/rss+xml"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client, \
            pytest.raises(FetchRefused, match="non-public address 127.0.0.1"):
        fetch("https://rebind.example:8443/feed", _settings(), client)
    first = seen[0]
    assert (first.url.host, first.url.port, first.url.path) == (PUBLIC_IP, 8443, "/feed")
    assert first.headers["host"] == "rebind.example:8443"
    assert first.extensions["sni_hostname"] == "rebind.example"
    assert len(seen) == 1  # the redirect hop was re-checked and refused before connecting


def test_allow_private_requests_the_url_as_given() -> None:
    from rasd.sources.fetch import pinned

    assert pinned("http://localhost:8080/a?b=1", allow_private=True) == ("http://localhost:8080/a?b=1", {}, {})
    target, headers, ext = pinned(f"http://[::ffff:{PUBLIC_IP}]/x")
    assert target.startswith("http://[") and headers["Host"] == f"[::ffff:{PUBLIC_IP}]" and ext == {}
