"""A local HTTP server on 127.0.0.1 that replays the recorded answers of doi.org and Crossref.

The real resolver talks to it through `MIA_DOI_URL` / `MIA_CROSSREF_URL`, so tests exercise the
real client (requests, redirects, timeouts, streaming) without the internet. Each path has a
queue of replies served in order (the last one repeats), and every request is recorded so a
test can check what was asked, with which headers, and how many times.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "doi"
PLOS_DOI = "10.1371/journal.pone.0033693"
PLOS_WORKS = "crossref_works/02_plosone_10.1371-journal.pone.0033693_200_public-pool"
SCIENCE_DOI = "10.1126/science.169.3946.635"
KEPT_HEADERS = (
    "content-type", "location", "retry-after", "set-cookie",
    "x-rate-limit-limit", "x-rate-limit-interval", "x-concurrency-limit", "x-api-pool",
)


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    hang: bool = False  # never answer (until the server stops)
    without_length: bool = False  # no Content-Length: the body ends when the connection closes


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names lowercased


class ReplayServer:
    """One service (doi.org or Crossref) on an ephemeral port of 127.0.0.1."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.routes: dict[str, list[Reply]] = {}
        self.received: list[Received] = []
        self.stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.replay = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def paths(self) -> list[str]:
        return [r.path for r in self.received]

    def start(self) -> "ReplayServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next_reply(self, path: str) -> Reply:
        queue = self.routes.get(path)
        if not queue:
            return Reply(400, {"content-type": "text/plain"}, f"no replay for {path}".encode())
        return queue.pop(0) if len(queue) > 1 else queue[0]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up (timeouts, the size cap) is expected here, not worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        replay: ReplayServer = self.server.replay  # type: ignore[attr-defined]
        replay.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}))
        reply = replay._next_reply(self.path)
        if reply.hang:
            replay.stopping.wait(10)
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.without_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        try:
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (size cap): that is the point

    def log_message(self, *args: object) -> None:
        pass


def recorded(name: str, *, rewrite: dict[str, str] | None = None) -> Reply:
    """The recorded answer `name` (path under tests/fixtures/doi without `.meta.json`).

    Bodies are stored unpacked, so the recorded Content-Encoding/Length are dropped; `rewrite`
    maps real service URLs in `Location` to the local servers.
    """
    meta_path = FIXTURES / f"{name}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    body = (meta_path.parent / meta["body_file"]).read_bytes()
    headers = {}
    for header, values in meta["response"]["headers"].items():
        if header.lower() in KEPT_HEADERS:
            value = ", ".join(values)
            for real, local in (rewrite or {}).items():
                value = value.replace(real, local)
            headers[header.lower()] = value
    return Reply(meta["response"]["status"]["code"], headers, body)


def fixture_json(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.body.json").read_text(encoding="utf-8"))


def refused_url() -> str:
    """An address where nothing listens (a port just released), for 'connection refused'."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class VirtualClock:
    """Real time plus the sleeps mia asked for, which are recorded instead of slept."""

    def __init__(self) -> None:
        import time

        self._time = time
        self.offset = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._time.monotonic() + self.offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds


@dataclass
class Services:
    doi: ReplayServer
    crossref: ReplayServer

    @property
    def rewrite(self) -> dict[str, str]:
        return {"https://api.crossref.org": self.crossref.url, "https://doi.org": self.doi.url}

    def recorded(self, name: str) -> Reply:
        return recorded(name, rewrite=self.rewrite)


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """doi.org and Crossref replay servers, with MIA_DOI_URL / MIA_CROSSREF_URL pointing at them."""
    doi, crossref = ReplayServer("doi.org").start(), ReplayServer("crossref").start()
    monkeypatch.setenv("MIA_DOI_URL", doi.url)
    monkeypatch.setenv("MIA_CROSSREF_URL", crossref.url)
    for name in ("MIA_OFFLINE", "MIA_MAILTO", "MIA_HTTP_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield Services(doi, crossref)
    finally:
        doi.stop()
        crossref.stop()
